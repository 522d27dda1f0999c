// Fuzz target for the streaming multipart/form-data parser.
//
// Input layout: the first line is the boundary; the byte after it chooses the chunk size (0: a second, different
// chunking); the rest is the body. The body is parsed twice, whole and in chunks, and both runs must report the same
// parts, data and outcome. Invariants checked on the way: no empty data pieces, data only inside a part, the parser
// never holds more than a header line or a partial delimiter.
//
// fuzz-sources: src/platform/http/parsers.cpp src/platform/core/text.cpp
// fuzz-dict: fuzz/multipart.dict
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/parsers.hpp"

namespace {

using mw::http::MultipartParser;

constexpr MultipartParser::Limits kLimits{.max_parts = 8, .max_part_header_bytes = 512};

void Check(bool condition) {
  if (!condition) std::abort();
}

struct Run {
  std::vector<std::string> events;
  bool ok = true;
  std::string message;
};

// `chunk_size` 0 means chunks of 1, 2, 3, ... bytes.
Run Parse(const std::string& boundary, std::string_view body, std::size_t chunk_size) {
  Run run;
  bool in_part = false;
  MultipartParser::Sink sink;
  sink.on_part_begin = [&](const MultipartParser::PartHeaders& headers) -> mw::Status {
    Check(!in_part);
    Check(!headers.name.empty());
    in_part = true;
    run.events.push_back("begin " + headers.name + "\n" + headers.filename + "\n" + headers.content_type +
                         (headers.is_file ? "\nfile" : ""));
    return mw::Ok{};
  };
  sink.on_part_data = [&](std::string_view data) -> mw::Status {
    Check(in_part);
    Check(!data.empty());
    if (run.events.back().rfind("data ", 0) != 0) run.events.push_back("data ");
    run.events.back() += data;
    return mw::Ok{};
  };
  sink.on_part_end = [&]() -> mw::Status {
    Check(in_part);
    in_part = false;
    run.events.push_back("end");
    return mw::Ok{};
  };
  MultipartParser parser(boundary, sink, kLimits);
  const std::size_t most_held = kLimits.max_part_header_bytes + boundary.size() + 4;
  mw::Status status;
  std::size_t pos = 0;
  std::size_t next_size = 1;
  while (status && pos < body.size()) {
    const std::size_t size = std::min(chunk_size == 0 ? next_size++ : chunk_size, body.size() - pos);
    status = parser.Feed(body.substr(pos, size));
    Check(parser.BufferedBytes() <= most_held);
    pos += size;
  }
  if (status) status = parser.Finish();
  if (!status) {
    run.ok = false;
    run.message = status.error().message;
    Check(!run.message.empty());
    // Once failed, the parser stays failed.
    Check(!parser.Feed("x").has_value());
  }
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos || newline + 1 >= input.size()) return 0;
  const std::string boundary(input.substr(0, newline));
  const std::size_t chunk_size = static_cast<std::uint8_t>(input[newline + 1]);
  const std::string_view body = input.substr(newline + 2);

  const Run whole = Parse(boundary, body, body.size() + 1);
  const Run chunked = Parse(boundary, body, chunk_size);
  Check(whole.ok == chunked.ok);
  Check(whole.message == chunked.message);
  // Errors arise only outside part data, where nothing is held back, so even a failed run reports the same events.
  Check(whole.events == chunked.events);
  return 0;
}
