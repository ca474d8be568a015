#pragma once
// tune_allocator: sets up glibc malloc for a pipeline's allocation pattern.
//
// Events are allocated on one thread (the source builds payloads) and freed
// on another (the sink, when they are done). glibc parks such cross-thread
// frees of small chunks in "fastbins" that are only merged back when a large
// block is freed; until then the producing thread's mallocs wade through
// them. Disabling fastbins (M_MXFAST = 0) lets freed chunks coalesce at once:
// about 1.3x the throughput of generate -> route -> null on two cores
// (tests/bench/pipeline_throughput). A faster general fix is linking
// jemalloc, which this leaves alone (mallopt is glibc's).
//
// Call once at start-up, before the pipeline runs. Does nothing when the
// user set glibc.malloc.mxfast in GLIBC_TUNABLES, or off glibc.

namespace streamline::engine {

void tune_allocator() noexcept;

}  // namespace streamline::engine
