/* A 64-bit hash for ids and hash tables. Written here rather than taken from a
 * library: none in Debian's list offers a small, stable 64-bit non-cryptographic
 * hash, and ids must not change with a library version. Reads 8 bytes at a time
 * (little-endian assembled, so results match on every machine) and mixes with
 * multiply-xorshift rounds. */
#include <string.h>

#include "core/core.h"
#include "parallax/shard.h"

#define M1 0x9e3779b97f4a7c15ULL
#define M2 0xbf58476d1ce4e5b9ULL
#define M3 0x94d049bb133111ebULL

static uint64_t load64le(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= M2;
    x ^= x >> 27;
    x *= M3;
    x ^= x >> 31;
    return x;
}

uint64_t px__hash64(const void *data, size_t n, uint64_t seed)
{
    const uint8_t *p = data;
    uint64_t h = seed ^ (n * M1);
    while (n >= 8) {
        h = (h ^ mix(load64le(p))) * M1;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t tail = 0;
    for (size_t i = 0; i < n; i++)
        tail |= (uint64_t)p[i] << (8 * i);
    h = (h ^ mix(tail ^ n)) * M1;
    return mix(h);
}

/* The shard of a record id: its own seed, so that shards do not line up with
 * any other use of the hash (buckets, sketches). Fixed forever: shards written
 * by one version are found by the next. */
uint32_t px_shard_of(const char *id, uint32_t n)
{
    if (!id || n < 2)
        return 0;
    uint64_t h = px__hash64(id, strlen(id), 0x73686172642f6e31ULL);
    return (uint32_t)(((h >> 32) * (uint64_t)n) >> 32);
}
