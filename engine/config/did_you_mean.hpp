#pragma once
// "did you mean 'X'?" for misspelt keys, stage names, plugins and values.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamline::engine {

// Optimal string alignment distance: insertions, deletions, substitutions and
// swaps of two adjacent characters each cost 1 ("stagse" -> "stages" is 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be a plausible
// typo (about a third of the word's length may differ); ties go to the first.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// "did you mean 'X'?" or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c": for hints that list what is valid.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace streamline::engine
