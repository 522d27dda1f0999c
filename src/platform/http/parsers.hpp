// Parsers for untrusted bytes of an HTTP request: percent-decoding, query strings and urlencoded forms, Cookie
// headers, and a streaming multipart/form-data parser. Pure (no I/O except where a sink writes files), size-limited,
// and fuzzed. Every failure is an mw::Error with a German message and ErrorKind kInvalid or kTooLarge.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "platform/core/result.hpp"

namespace mw::http {

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Fails on a malformed escape, on invalid UTF-8 in
// the result, or on a NUL byte in the result.
Result<std::string> PercentDecode(std::string_view in, bool plus_is_space);

// Parses "a=1&b=2&a=3" (query string or application/x-www-form-urlencoded body). Empty pairs are skipped; a key
// without '=' has the empty value, a pair "=x" the empty key. Fails if there are more than `max_fields` pairs, a
// key or value longer than `max_value` bytes (decoded), a malformed escape, invalid UTF-8 or a NUL byte.
Result<std::multimap<std::string, std::string>> ParseUrlEncoded(std::string_view in, std::size_t max_fields = 1000,
                                                                 std::size_t max_value = 64 * 1024);

// Parses a Cookie header ("a=1; b=2"). Tolerant as browsers are: malformed pairs are skipped, the first of
// duplicate names wins, surrounding quotes are removed. Never fails; at most 100 cookies are kept. Malformed means:
// no '=', a name that is not a token, or a value with control characters or invalid UTF-8.
std::map<std::string, std::string> ParseCookies(std::string_view header);

// The boundary parameter of a multipart/form-data Content-Type, or an error if missing/invalid (RFC 2046: 1 to 70
// characters).
Result<std::string> MultipartBoundary(std::string_view content_type);

// Streaming multipart/form-data parser (RFC 7578). Feed the body in chunks of any size; the parser calls the sink
// for each part's headers, data pieces and end, keeping at most a small window of the input in memory. Strict about
// the syntax (CRLF line endings, no folded or duplicate part headers); parsers.cpp lists the choices in detail.
// After an error the sink is not called again; a part already begun gets no on_part_end.
class MultipartParser {
 public:
  struct PartHeaders {
    std::string name;          // from Content-Disposition; required
    std::string filename;      // present (maybe empty) only for file parts
    bool is_file = false;      // Content-Disposition carried a filename parameter
    std::string content_type;  // "text/plain" if absent
  };
  struct Sink {
    // Return an error to abort parsing (e.g. too many files); it is passed through Feed/Finish.
    std::function<Status(const PartHeaders&)> on_part_begin;
    std::function<Status(std::string_view data)> on_part_data;
    std::function<Status()> on_part_end;
  };
  struct Limits {
    std::size_t max_parts = 100;
    std::size_t max_part_header_bytes = 8 * 1024;
  };

  MultipartParser(std::string boundary, Sink sink, Limits limits);
  ~MultipartParser();
  MultipartParser(const MultipartParser&) = delete;
  MultipartParser& operator=(const MultipartParser&) = delete;

  Status Feed(std::string_view chunk);
  // Call after the last chunk: fails if the closing boundary was not seen.
  Status Finish();

  // Bytes of input the parser holds without having passed them on: the current part-header line and a possible
  // partial delimiter. Never more than the header limit or the delimiter length; exposed for tests and monitoring.
  std::size_t BufferedBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::http
