#pragma once
// The admin server's `/` page: a live view of the running pipeline. One
// self-contained HTML document (inline CSS and JavaScript, nothing fetched
// from elsewhere: operators' machines often reach nothing outside) that
// polls /status every second and draws the stage graph, stages in columns by
// their depth from the sources, each with its events/s in and out, queue
// depth, failed and dropped counts, and the pipeline's phase.

#include <string_view>

namespace streamline::engine {

std::string_view live_page_html() noexcept;

}  // namespace streamline::engine
