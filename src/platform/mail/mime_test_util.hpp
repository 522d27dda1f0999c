// Test helpers (used by the *_test.cpp files of this folder only): an independent, minimal reader of the messages
// FormatMessage writes, so that tests check what a mail client would show rather than our own encoder's output.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mw::mail::test_util {

inline int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  throw std::invalid_argument("bad hex digit");
}

// Quoted-printable to bytes; CRLF line breaks become "\n".
inline std::string DecodeQuotedPrintable(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=') {
      if (in.substr(i + 1, 2) == "\r\n") {
        i += 2;  // soft line break
        continue;
      }
      out += static_cast<char>(HexDigit(in.at(i + 1)) * 16 + HexDigit(in.at(i + 2)));
      i += 2;
    } else if (in.substr(i, 2) == "\r\n") {
      out += '\n';
      ++i;
    } else {
      out += in[i];
    }
  }
  return out;
}

inline std::string DecodeBase64(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

// Decodes RFC 2047 encoded-words (Q and B, UTF-8) in an unfolded header value; whitespace between two adjacent
// encoded-words is dropped, as RFC 2047 section 6.2 says.
inline std::string DecodeHeaderValue(std::string_view value) {
  std::string out;
  std::string pending_space;
  bool last_was_encoded = false;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value[i] == ' ' || value[i] == '\t') {
      pending_space += value[i++];
      continue;
    }
    std::size_t end = value.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = value.size();
    std::string_view word = value.substr(i, end - i);
    bool encoded = word.starts_with("=?") && word.ends_with("?=") && word.size() > 8;
    if (encoded) {
      std::size_t q1 = word.find('?', 2);
      std::size_t q2 = word.find('?', q1 + 1);
      char encoding = word[q1 + 1];
      std::string_view text = word.substr(q2 + 1, word.size() - q2 - 3);
      std::string decoded;
      if (encoding == 'B' || encoding == 'b') {
        decoded = DecodeBase64(text);
      } else {
        for (std::size_t k = 0; k < text.size(); ++k) {
          if (text[k] == '_') {
            decoded += ' ';
          } else if (text[k] == '=') {
            decoded += static_cast<char>(HexDigit(text.at(k + 1)) * 16 + HexDigit(text.at(k + 2)));
            k += 2;
          } else {
            decoded += text[k];
          }
        }
      }
      if (!last_was_encoded) out += pending_space;
      out += decoded;
    } else {
      out += pending_space;
      out += word;
    }
    pending_space.clear();
    last_was_encoded = encoded;
    i = end;
  }
  return out;
}

struct ParsedMessage {
  std::vector<std::pair<std::string, std::string>> headers;  // name, unfolded raw value (in order)
  std::string body;                                          // raw, CRLF
  // The raw value of the first header `name` (case-sensitive), or "" if absent.
  std::string Header(std::string_view name) const {
    for (const auto& [header_name, value] : headers) {
      if (header_name == name) return value;
    }
    return "";
  }
  std::size_t Count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& header : headers) n += header.first == name;
    return n;
  }
};

// Splits a CRLF message into unfolded headers and body. Throws on a line without a colon or a bare LF.
inline ParsedMessage ParseMessage(std::string_view message) {
  ParsedMessage parsed;
  std::size_t separator = message.find("\r\n\r\n");
  if (separator == std::string_view::npos) throw std::invalid_argument("no empty line after the headers");
  std::string_view head = message.substr(0, separator + 2);
  parsed.body = std::string(message.substr(separator + 4));
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t end = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, end - pos);
    if (line.find('\n') != std::string_view::npos || line.find('\r') != std::string_view::npos) {
      throw std::invalid_argument("bare CR or LF in the headers");
    }
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (parsed.headers.empty()) throw std::invalid_argument("continuation before the first header");
      parsed.headers.back().second += std::string(line);  // unfold: drop the CRLF, keep the whitespace
    } else {
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) throw std::invalid_argument("header line without colon");
      std::string value(line.substr(colon + 1));
      if (!value.empty() && value.front() == ' ') value.erase(0, 1);
      parsed.headers.emplace_back(std::string(line.substr(0, colon)), value);
    }
    pos = end + 2;
  }
  return parsed;
}

// Every line of `text`, split at CRLF. Throws on a bare LF or CR.
inline std::vector<std::string> CrlfLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.find_first_of("\r\n") != std::string_view::npos) throw std::invalid_argument("bare CR or LF");
    lines.emplace_back(line);
    pos = end + 2;
  }
  return lines;
}

}  // namespace mw::mail::test_util
