# The two commands users run; everything else is CMake (see CMakePresets.json).
JOBS ?= $(shell nproc)

.PHONY: all deps check demo release bench fuzz clean

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

demo: release
	bash examples/demo.sh build/release/parallax

bench: release
	bash bench/run.sh

fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j$(JOBS)

clean:
	rm -rf build
