# The two commands users run; everything else is CMake (see CMakePresets.json).
JOBS ?= $(shell nproc)

PREFIX ?= /usr/local

.PHONY: all deps check demo release bench fuzz clean install

all: release

deps:
	@bash tools/install-deps.sh

release: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j$(JOBS)

check: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j$(JOBS)
	ctest --preset asan -j$(JOBS)

# The program, man page, libparallax.a + headers, parallax.pc and the data
# files under PREFIX (the data folder is compiled in for that prefix).
install: deps
	cmake --preset release -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build --preset release -j$(JOBS)
	cmake --install build/release

demo: release
	bash examples/demo.sh build/release/parallax

bench: release
	bash bench/run.sh

fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j$(JOBS)

clean:
	rm -rf build
