#include "support/http_client.hpp"

#include <zlib.h>

#include <cctype>
#include <cstdint>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace mw::testing {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string HttpResponse::Header(std::string_view lower_case_name) const {
  auto it = headers.find(std::string(lower_case_name));
  return it == headers.end() ? std::string() : it->second;
}

bool HttpResponse::HasHeader(std::string_view lower_case_name) const {
  return headers.count(std::string(lower_case_name)) > 0;
}

std::vector<std::string> HttpResponse::HeaderValues(std::string_view lower_case_name) const {
  std::vector<std::string> values;
  auto [first, last] = headers.equal_range(std::string(lower_case_name));
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

void CookieJar::Store(const HttpResponse& response) {
  for (const std::string& header : response.HeaderValues("set-cookie")) {
    std::string_view rest = header;
    const std::size_t semicolon = rest.find(';');
    std::string_view pair = TrimView(rest.substr(0, semicolon));
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos || equals == 0) continue;
    const std::string name(TrimView(pair.substr(0, equals)));
    const std::string value(TrimView(pair.substr(equals + 1)));
    bool expired = false;
    if (semicolon != std::string_view::npos) {
      std::string attributes = Lower(rest.substr(semicolon));
      expired = attributes.find("max-age=0") != std::string::npos ||
                attributes.find("max-age=-") != std::string::npos ||
                attributes.find("expires=thu, 01 jan 1970") != std::string::npos;
    }
    if (expired) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
}

std::optional<std::string> CookieJar::Get(const std::string& name) const {
  auto it = cookies_.find(name);
  if (it == cookies_.end()) return std::nullopt;
  return it->second;
}

std::string CookieJar::CookieHeader() const {
  std::string header;
  for (const auto& [name, value] : cookies_) {
    if (!header.empty()) header += "; ";
    header += name + "=" + value;
  }
  return header;
}

struct HttpConnection::Impl {
  std::chrono::milliseconds timeout;
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;

  // Runs the pending operation to completion; its handler stores the result.
  void RunPending() {
    ioc.restart();
    ioc.run();
  }

  void WriteAll(std::string_view bytes) {
    beast::error_code result;
    stream.expires_after(timeout);
    net::async_write(stream, net::buffer(bytes.data(), bytes.size()),
                     [&result](beast::error_code ec, std::size_t) { result = ec; });
    RunPending();
    if (result == beast::error::timeout) throw std::runtime_error("http client: timeout while sending");
    // A server that refuses a request may close before reading all of it; the response may still be readable.
  }

  std::optional<HttpResponse> Read(bool head, bool skip_interim = true) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    parser.header_limit(1024 * 1024);
    parser.skip(head);
    beast::error_code result;
    stream.expires_after(timeout);
    bhttp::async_read(stream, buffer, parser, [&result](beast::error_code ec, std::size_t) { result = ec; });
    RunPending();
    if (result == beast::error::timeout) throw std::runtime_error("http client: timeout while reading a response");
    if (result) return std::nullopt;  // closed, reset or garbage: no response
    const auto& message = parser.get();
    HttpResponse response;
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      response.headers.emplace(Lower(field.name_string()), std::string(field.value()));
    }
    response.body = message.body();
    // Interim 1xx responses (100 Continue) precede the real one.
    if (skip_interim && response.status / 100 == 1) return Read(head);
    return response;
  }
};

HttpConnection::HttpConnection(unsigned short port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->timeout = timeout;
  beast::error_code result;
  impl_->stream.expires_after(timeout);
  impl_->stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                              [&result](beast::error_code ec) { result = ec; });
  impl_->RunPending();
  if (result) throw std::runtime_error("http client: cannot connect to port " + std::to_string(port) + ": " +
                                      result.message());
}

HttpConnection::~HttpConnection() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  impl_->stream.close();
}

HttpResponse HttpConnection::Request(std::string_view method, std::string_view target, const HeaderList& headers,
                                     std::string_view body) {
  std::string request = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  bool has_host = false;
  bool has_length = false;
  bool has_cookie = false;
  for (const auto& [name, value] : headers) {
    const std::string lower = Lower(name);
    has_host = has_host || lower == "host";
    has_length = has_length || lower == "content-length" || lower == "transfer-encoding";
    has_cookie = has_cookie || lower == "cookie";
    request += name + ": " + value + "\r\n";
  }
  if (!has_host) request += "Host: 127.0.0.1\r\n";
  if (!has_length && (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")) {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  if (!has_cookie && jar_ != nullptr && !jar_->CookieHeader().empty()) {
    request += "Cookie: " + jar_->CookieHeader() + "\r\n";
  }
  request += "\r\n";
  request += body;
  impl_->WriteAll(request);
  auto response = impl_->Read(method == "HEAD");
  if (!response) {
    throw std::runtime_error("http client: the server closed the connection without answering " +
                             std::string(method) + " " + std::string(target));
  }
  if (jar_ != nullptr) jar_->Store(*response);
  return std::move(*response);
}

std::optional<HttpResponse> HttpConnection::SendRaw(std::string_view bytes) {
  impl_->WriteAll(bytes);
  return impl_->Read(false);
}

void HttpConnection::Write(std::string_view bytes) { impl_->WriteAll(bytes); }

std::optional<HttpResponse> HttpConnection::ReadResponse(bool head) { return impl_->Read(head, false); }

bool HttpConnection::WaitForClose() {
  char scratch[4096];
  while (true) {
    beast::error_code result;
    impl_->stream.expires_after(impl_->timeout);
    impl_->stream.async_read_some(net::buffer(scratch), [&result](beast::error_code ec, std::size_t) { result = ec; });
    impl_->RunPending();
    if (result == beast::error::timeout) return false;
    if (result) return true;
  }
}

HttpResponse Send(unsigned short port, std::string_view method, std::string_view target, const HeaderList& headers,
                  std::string_view body) {
  HttpConnection connection(port);
  return connection.Request(method, target, headers, body);
}

MultipartBody BuildMultipart(const std::vector<MultipartPart>& parts, std::string_view boundary) {
  MultipartBody result;
  result.content_type = "multipart/form-data; boundary=" + std::string(boundary);
  for (const MultipartPart& part : parts) {
    result.body += "--" + std::string(boundary) + "\r\n";
    result.body += "Content-Disposition: form-data; name=\"" + part.name + "\"";
    if (part.filename) {
      result.body += "; filename=\"" + *part.filename + "\"\r\n";
      result.body += "Content-Type: " +
                     (part.content_type.empty() ? std::string("application/octet-stream") : part.content_type) +
                     "\r\n";
    } else {
      result.body += "\r\n";
    }
    result.body += "\r\n" + part.data + "\r\n";
  }
  result.body += "--" + std::string(boundary) + "--\r\n";
  return result;
}

namespace {
std::uint32_t LittleEndian(std::string_view bytes, std::size_t at, int width) {
  std::uint32_t value = 0;
  for (int byte_idx = width - 1; byte_idx >= 0; --byte_idx) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(byte_idx)]);
  }
  return value;
}
}  // namespace

std::string ZipEntry(std::string_view archive, std::string_view name) {
  constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
  for (std::size_t at = archive.find(kLocalHeader); at != std::string_view::npos && at + 30 <= archive.size();
       at = archive.find(kLocalHeader, at + 4)) {
    std::uint32_t method = LittleEndian(archive, at + 8, 2);
    std::uint32_t name_length = LittleEndian(archive, at + 26, 2);
    std::uint32_t extra_length = LittleEndian(archive, at + 28, 2);
    if (at + 30 + name_length > archive.size() || archive.substr(at + 30, name_length) != name) continue;
    std::string_view data = archive.substr(at + 30 + name_length + extra_length);
    if (method == 0) return std::string(data.substr(0, LittleEndian(archive, at + 18, 4)));
    if (method != 8) throw std::runtime_error("unknown ZIP compression method");
    // The sizes may be in a data descriptor after the data: inflate the raw stream until its end instead.
    z_stream stream{};
    if (inflateInit2(&stream, -15) != Z_OK) throw std::runtime_error("inflateInit2 failed");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[16 * 1024];
    int result = Z_OK;
    while (result != Z_STREAM_END) {
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      result = inflate(&stream, Z_NO_FLUSH);
      if (result != Z_OK && result != Z_STREAM_END) {
        inflateEnd(&stream);
        throw std::runtime_error("broken ZIP entry");
      }
      out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    return out;
  }
  return "";
}

std::string Gunzip(std::string_view compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[16 * 1024];
  int result = Z_OK;
  while (result != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    if (result != Z_OK && result != Z_STREAM_END) {
      inflateEnd(&stream);
      throw std::runtime_error("not valid gzip");
    }
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (result == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      inflateEnd(&stream);
      throw std::runtime_error("truncated gzip");
    }
  }
  inflateEnd(&stream);
  return out;
}

}  // namespace mw::testing
