#pragma once
// Checks: plain assertions for a plugin's test program, for authors who do
// not use a test framework (the projects `engine new-plugin` writes use it).
//
//   Checks checks;
//   checks.equal(documents_of(result.passed), std::vector<Json>{{{"id", 1}}}, "passed events");
//   checks.equal(reasons_of(result.dropped), std::vector<std::string>{"duplicate"}, "drop reasons");
//   checks.expect(result.failed.empty(), "no event failed");
//   return checks.report();   // prints "N passed, M failed"; 0 when none failed
//
// A failed check prints what it expected and what it got (as JSON when the
// values convert to JSON) to stderr and lets the program go on, so one run
// shows every failure.

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace streamline::testing {

class Checks {
 public:
  // True when `condition` holds; otherwise prints "FAIL: <what>".
  bool expect(bool condition, std::string_view what) {
    if (condition) {
      ++passed_;
      return true;
    }
    ++failed_;
    std::fprintf(stderr, "FAIL: %.*s\n", static_cast<int>(what.size()), what.data());
    return false;
  }

  // True when actual == expected; otherwise prints both.
  template <typename Actual, typename Expected>
  bool equal(const Actual& actual, const Expected& expected, std::string_view what) {
    if (actual == expected) {
      ++passed_;
      return true;
    }
    ++failed_;
    std::fprintf(stderr, "FAIL: %.*s\n  expected: %s\n  actual:   %s\n", static_cast<int>(what.size()), what.data(),
                 printable(expected).c_str(), printable(actual).c_str());
    return false;
  }

  // Runs `fn` and checks that it throws an exception of type E whose what()
  // is `message` (any message when empty).
  template <typename E, typename Fn>
  bool throws(Fn&& fn, std::string_view message, std::string_view what) {
    try {
      fn();
    } catch (const E& e) {
      if (message.empty() || message == e.what()) {
        ++passed_;
        return true;
      }
      return equal(std::string(e.what()), std::string(message), what);
    } catch (const std::exception& e) {
      return expect(false, std::string(what) + " (threw another exception: " + e.what() + ")");
    }
    return expect(false, std::string(what) + " (threw nothing)");
  }

  int passed() const noexcept { return passed_; }
  int failed() const noexcept { return failed_; }

  // Prints "<passed> passed, <failed> failed" to stdout; the exit code for
  // main(): 0 when every check passed, 1 otherwise.
  int report() const {
    std::printf("%d passed, %d failed\n", passed_, failed_);
    return failed_ == 0 ? 0 : 1;
  }

 private:
  template <typename T>
  static std::string printable(const T& value) {
    if constexpr (std::is_constructible_v<nlohmann::json, const T&>) {
      try {
        return nlohmann::json(value).dump();
      } catch (const nlohmann::json::exception&) {
        return "(not printable as JSON)";
      }
    } else {
      return "(not printable as JSON)";
    }
  }

  int passed_ = 0;
  int failed_ = 0;
};

}  // namespace streamline::testing
