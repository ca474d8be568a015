// Worker threads carry their stage's name, cut to what Linux keeps.

#include <pthread.h>

#include <array>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "engine/runtime/thread_name.hpp"

namespace streamline::engine {
namespace {

TEST(ThreadNameTest, IsTheStageWithItsInstanceWhenThereAreSeveral) {
  EXPECT_EQ(thread_name("store", 0, 1), "store");
  EXPECT_EQ(thread_name("store", 0, 2), "store#1");
  EXPECT_EQ(thread_name("store", 1, 2), "store#2");
}

TEST(ThreadNameTest, ALongStageNameIsCutKeepingTheInstance) {
  EXPECT_EQ(thread_name("a-very-long-stage-name", 0, 1), "a-very-long-sta");
  EXPECT_EQ(thread_name("a-very-long-stage-name", 11, 12), "a-very-long-#12");
}

TEST(ThreadNameTest, NamesTheCallingThread) {
  std::array<char, 16> name{};
  std::thread([&] {
    name_this_thread(thread_name("dedup", 2, 3));
    ::pthread_getname_np(::pthread_self(), name.data(), name.size());
  }).join();
  EXPECT_EQ(std::string(name.data()), "dedup#3");
}

}  // namespace
}  // namespace streamline::engine
