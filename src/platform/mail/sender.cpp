#include "platform/mail/sender.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "platform/mail/message.hpp"

namespace mw::mail {
namespace {

void EnsureCurlInitialised() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int high = HexValue(s[i + 1]);
    int low = HexValue(s[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string DomainOf(std::string_view address) {
  std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? "localhost" : std::string(address.substr(at + 1));
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == ':' || c == '[' || c == ']';
}

std::unexpected<Error> BadSpec(std::string_view detail) {
  return Fail(ErrorKind::kInvalid, fmt::format("Die Angabe für den Mailversand ist ungültig: {}. Erlaubt sind "
                                               "„log“, „dir:PFAD“, „smtp://host:port“ und "
                                               "„smtps://benutzer:passwort@host:port“.",
                                               detail));
}

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user_data) {
  auto* upload = static_cast<Upload*>(user_data);
  std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// Writes `bytes` to `path` through a temporary file in the same directory, with fsync before and after the rename.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path temp = path.parent_path() / fmt::format(".{}.{}.{}.tmp", path.filename().string(),
                                                                static_cast<long>(getpid()), counter++);
  auto fail = [&](std::string_view what) {
    int error = errno;
    return Fail(ErrorKind::kUnavailable,
                fmt::format("Die E-Mail konnte nicht als Datei {} gespeichert werden ({}: {}).", path.string(), what,
                            std::strerror(error)));
  };
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return fail("open");
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto result = fail("write");
      ::close(fd);
      ::unlink(temp.c_str());
      return result;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto result = fail("fsync");
    ::close(fd);
    ::unlink(temp.c_str());
    return result;
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    auto result = fail("rename");
    ::unlink(temp.c_str());
    return result;
  }
  int dir_fd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Ok{};
}

}  // namespace

Result<SmtpConfig> ParseSmtpSpec(std::string_view spec, const Address& from) {
  SmtpConfig config;
  config.from = from;
  std::string_view rest;
  std::string_view scheme;
  if (spec.starts_with("smtp://")) {
    scheme = "smtp";
    rest = spec.substr(7);
  } else if (spec.starts_with("smtps://")) {
    scheme = "smtps";
    config.tls = SmtpTls::kImplicit;
    rest = spec.substr(8);
  } else {
    return BadSpec("sie beginnt nicht mit smtp:// oder smtps://");
  }

  std::string_view options;
  if (std::size_t question = rest.find('?'); question != std::string_view::npos) {
    options = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  std::string_view path;
  if (std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string_view host_port = rest;
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view user_info = rest.substr(0, at);
    host_port = rest.substr(at + 1);
    std::string_view user = user_info;
    std::string_view password;
    if (std::size_t colon = user_info.find(':'); colon != std::string_view::npos) {
      user = user_info.substr(0, colon);
      password = user_info.substr(colon + 1);
    }
    auto decoded_user = PercentDecode(user);
    auto decoded_password = PercentDecode(password);
    if (!decoded_user || !decoded_password) return BadSpec("Benutzername oder Passwort sind falsch kodiert");
    config.username = std::move(*decoded_user);
    config.password = std::move(*decoded_password);
  }
  if (host_port.empty() || host_port.front() == ':') return BadSpec("der Mailserver fehlt");
  if (!std::all_of(host_port.begin(), host_port.end(), IsHostChar)) return BadSpec("der Mailserver ist ungültig");
  if (!std::all_of(path.begin(), path.end(), IsHostChar)) return BadSpec("der EHLO-Name ist ungültig");

  if (!options.empty()) {
    if (config.tls == SmtpTls::kImplicit) return BadSpec("smtps:// verwendet immer TLS und kennt keine Optionen");
    if (options == "starttls" || options == "starttls=required") {
      config.tls = SmtpTls::kStartTlsRequired;
    } else if (options == "starttls=try") {
      config.tls = SmtpTls::kStartTlsOptional;
    } else {
      return BadSpec("erlaubt sind nur die Optionen ?starttls und ?starttls=try");
    }
  }
  std::string ehlo = path.empty() ? DomainOf(from.address) : std::string(path);
  config.url = fmt::format("{}://{}/{}", scheme, host_port, ehlo);
  return config;
}

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {
  EnsureCurlInitialised();
}

Status SmtpSender::Send(const OutgoingMail& mail) {
  std::string message = FormatMessage(mail, config_.from);
  Upload upload{message};
  std::string mail_from = "<" + config_.from.address + ">";
  std::string rcpt = "<" + mail.mail.to_address + ">";
  char error_buffer[CURL_ERROR_SIZE] = {};

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return Fail(ErrorKind::kUnavailable, "Der Mailversand konnte nicht vorbereitet werden (libcurl).");
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients_guard(recipients, &curl_slist_free_all);

  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, config_.connect_timeout_seconds);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, config_.timeout_seconds);
  switch (config_.tls) {
    case SmtpTls::kNone:
    case SmtpTls::kImplicit:  // smtps:// is TLS from the first byte
      break;
    case SmtpTls::kStartTlsOptional:
      curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
      break;
    case SmtpTls::kStartTlsRequired:
      curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
      break;
  }
  if (!config_.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, &ReadUpload);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

  CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_OK) return Ok{};
  long response = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response);
  std::string detail = error_buffer[0] ? std::string(error_buffer) : std::string(curl_easy_strerror(code));
  if (response >= 400) {
    return Fail(ErrorKind::kUnavailable,
                fmt::format("Der Mailserver hat die E-Mail nicht angenommen (SMTP {}: {}).", response, detail));
  }
  return Fail(ErrorKind::kUnavailable, fmt::format("Der Mailserver war nicht erreichbar ({}).", detail));
}

DirSender::DirSender(std::filesystem::path dir, Address from) : dir_(std::move(dir)), from_(std::move(from)) {}

Status DirSender::Send(const OutgoingMail& mail) {
  std::string message = FormatMessage(mail, from_);
  return WriteFileAtomically(dir_ / fmt::format("{}-{}.eml", mail.id, mail.date), message);
}

LogSender::LogSender(Address from) : from_(std::move(from)) {}

Status LogSender::Send(const OutgoingMail& mail) {
  spdlog::info("mail {} from <{}> to {} <{}>: {}\n{}", mail.id, from_.address, mail.mail.to_name, mail.mail.to_address,
               mail.mail.subject, mail.mail.body_text);
  return Ok{};
}

Result<std::unique_ptr<Sender>> MakeSender(std::string spec, std::string from_address, std::string from_name) {
  if (!LooksLikeEmailAddress(from_address)) {
    return Fail(ErrorKind::kInvalid, "Die Absenderadresse für den Mailversand ist keine gültige E-Mail-Adresse.");
  }
  if (from_name.find_first_of("\r\n") != std::string::npos) {
    return Fail(ErrorKind::kInvalid, "Der Absendername für den Mailversand darf keinen Zeilenumbruch enthalten.");
  }
  Address from{std::move(from_address), std::move(from_name)};
  if (spec == "log") return std::make_unique<LogSender>(std::move(from));
  if (spec.starts_with("dir:")) {
    std::filesystem::path dir = spec.substr(4);
    if (dir.empty()) return BadSpec("nach „dir:“ fehlt das Verzeichnis");
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error || !std::filesystem::is_directory(dir)) {
      return Fail(ErrorKind::kInvalid,
                  fmt::format("Das Verzeichnis {} für den Mailversand kann nicht angelegt werden.", dir.string()));
    }
    return std::make_unique<DirSender>(std::move(dir), std::move(from));
  }
  if (spec.starts_with("smtp://") || spec.starts_with("smtps://")) {
    auto config = ParseSmtpSpec(spec, from);
    if (!config) return std::unexpected(config.error());
    return std::make_unique<SmtpSender>(std::move(*config));
  }
  return BadSpec("unbekannte Art");
}

}  // namespace mw::mail
