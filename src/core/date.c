/* Calendar arithmetic on proleptic Gregorian dates: the one place for it
 * (timexes, the ingest date readers, story days and the report's timeline). */
#include "core/core.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t px__days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void px__civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int px__weekday(int y, int m, int d)
{
    int64_t z = px__days_from_civil(y, m, d);
    int64_t w = (z + 3) % 7; /* 1970-01-01 was a Thursday (3 from Monday) */
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

void px__iso_week(int y, int m, int d, int *wy, int *wk)
{
    int64_t z = px__days_from_civil(y, m, d);
    int64_t thu = z - (px__weekday(y, m, d) - 4); /* the Thursday of this week */
    int ty, tm, td;
    px__civil_from_days(thu, &ty, &tm, &td);
    *wy = ty;
    *wk = (int)((thu - px__days_from_civil(ty, 1, 1)) / 7 + 1);
}

int px__days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 31;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int px__date_valid(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= px__days_in_month(y, m);
}
