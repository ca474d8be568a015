// C11 threads made visible to ThreadSanitizer (linked into the executables
// of a -DSTREAMLINE_SANITIZE=thread build only; see CMakeLists.txt).
//
// librdkafka runs its threads with C11 thrd_create and orders them with
// mtx_*/cnd_*. glibc implements those by calling its internal pthread code
// directly, so the pthread interceptors of GCC 12's TSan never see them (the
// C11 interceptors came later, in LLVM 15): librdkafka's threads run unknown
// to TSan, whose allocator then crashes in them ("SEGV ... nested bug in the
// same thread"), and its locks order nothing, so our code called back on its
// threads would be reported racing. Defined here, in the executable, these
// functions come first in symbol lookup and do what glibc's do (glibc casts
// mtx_t, cnd_t and once_flag to the pthread types the same way), through
// the pthread functions TSan intercepts.
//
// librdkafka also passes its objects between threads by reference counts
// kept with atomic instructions TSan cannot see, so a mutex one thread made
// and another locks would read as a race on the mutex word. The mutex and
// condition calls therefore count only as synchronization, not as memory
// accesses, as tsan.supp has TSan treat librdkafka's own intercepted calls.
#include <pthread.h>
#include <threads.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <new>

extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();

namespace {

// For one call on librdkafka's behalf: its memory accesses are not checked,
// its synchronization is.
struct LibraryCall {
  LibraryCall() { __tsan_ignore_thread_begin(); }
  ~LibraryCall() { __tsan_ignore_thread_end(); }
  LibraryCall(const LibraryCall&) = delete;
  LibraryCall& operator=(const LibraryCall&) = delete;
};

// As glibc maps pthread errors to C11 results.
int c11_result(int error) {
  switch (error) {
    case 0: return thrd_success;
    case EBUSY: return thrd_busy;
    case ENOMEM: return thrd_nomem;
    case ETIMEDOUT: return thrd_timedout;
    default: return thrd_error;
  }
}

pthread_mutex_t* as_pthread(mtx_t* mutex) { return reinterpret_cast<pthread_mutex_t*>(mutex); }
pthread_cond_t* as_pthread(cnd_t* cond) { return reinterpret_cast<pthread_cond_t*>(cond); }

struct ThreadStart {
  thrd_start_t function;
  void* argument;
};

void* run_thread(void* start) {
  const std::unique_ptr<ThreadStart> owned(static_cast<ThreadStart*>(start));  // handed over by thrd_create
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(owned->function(owned->argument)));
}

}  // namespace

extern "C" {

int thrd_create(thrd_t* thread, thrd_start_t function, void* argument) {
  // No exception may leave a C function: allocation failure is thrd_nomem.
  std::unique_ptr<ThreadStart> start(new (std::nothrow) ThreadStart{function, argument});
  if (!start) return thrd_nomem;
  const int error = pthread_create(thread, nullptr, run_thread, start.get());
  if (!error) (void)start.release();  // the thread owns it now
  return c11_result(error);
}

int thrd_join(thrd_t thread, int* result) {
  void* value = nullptr;
  const int error = pthread_join(thread, &value);
  if (!error && result) *result = static_cast<int>(reinterpret_cast<std::intptr_t>(value));
  return c11_result(error);
}

int thrd_detach(thrd_t thread) { return c11_result(pthread_detach(thread)); }

int mtx_init(mtx_t* mutex, int type) {
  const LibraryCall call;
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_settype(&attributes, (type & mtx_recursive) ? PTHREAD_MUTEX_RECURSIVE : PTHREAD_MUTEX_NORMAL);
  const int error = pthread_mutex_init(as_pthread(mutex), &attributes);
  pthread_mutexattr_destroy(&attributes);
  return c11_result(error);
}

int mtx_lock(mtx_t* mutex) {
  const LibraryCall call;
  return c11_result(pthread_mutex_lock(as_pthread(mutex)));
}

int mtx_trylock(mtx_t* mutex) {
  const LibraryCall call;
  return c11_result(pthread_mutex_trylock(as_pthread(mutex)));
}

int mtx_timedlock(mtx_t* __restrict mutex, const struct timespec* __restrict deadline) {
  const LibraryCall call;
  return c11_result(pthread_mutex_timedlock(as_pthread(mutex), deadline));
}

int mtx_unlock(mtx_t* mutex) {
  const LibraryCall call;
  return c11_result(pthread_mutex_unlock(as_pthread(mutex)));
}

void mtx_destroy(mtx_t* mutex) {
  const LibraryCall call;
  pthread_mutex_destroy(as_pthread(mutex));
}

int cnd_init(cnd_t* cond) {
  const LibraryCall call;
  return c11_result(pthread_cond_init(as_pthread(cond), nullptr));
}

int cnd_signal(cnd_t* cond) {
  const LibraryCall call;
  return c11_result(pthread_cond_signal(as_pthread(cond)));
}

int cnd_broadcast(cnd_t* cond) {
  const LibraryCall call;
  return c11_result(pthread_cond_broadcast(as_pthread(cond)));
}

int cnd_wait(cnd_t* cond, mtx_t* mutex) {
  const LibraryCall call;
  return c11_result(pthread_cond_wait(as_pthread(cond), as_pthread(mutex)));
}

int cnd_timedwait(cnd_t* __restrict cond, mtx_t* __restrict mutex, const struct timespec* __restrict deadline) {
  const LibraryCall call;
  return c11_result(pthread_cond_timedwait(as_pthread(cond), as_pthread(mutex), deadline));
}

void cnd_destroy(cnd_t* cond) {
  const LibraryCall call;
  pthread_cond_destroy(as_pthread(cond));
}

void call_once(once_flag* flag, void (*function)(void)) {
  static_assert(sizeof(once_flag) == sizeof(pthread_once_t));
  const LibraryCall call;
  pthread_once(reinterpret_cast<pthread_once_t*>(flag), function);
}

}  // extern "C"
