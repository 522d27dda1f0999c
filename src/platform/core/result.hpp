// Results at module boundaries: an operation that can fail for an expected reason (bad input, not found, conflict,
// not allowed) returns mw::Result<T>; exceptions are kept for the unexpected (a broken database, a bug).
//
//   mw::Result<User> FindUser(std::string_view email);
//   auto user = FindUser(email);
//   if (!user) return ErrorPage(user.error());   // user.error().message is a German sentence for the person
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace mw {

// What went wrong, coarse enough to choose an HTTP status and an exit code from it.
enum class ErrorKind {
  kInvalid,       // the input breaks a rule (400/422)
  kUnauthorized,  // not logged in or bad credentials (401)
  kForbidden,     // logged in but not allowed (403)
  kNotFound,      // no such thing (404)
  kConflict,      // the state does not allow it, e.g. e-mail already registered (409)
  kTooLarge,      // over a size limit (413)
  kRateLimited,   // too many attempts (429)
  kUnavailable,   // a dependency is down, try again (503)
};

struct Error {
  ErrorKind kind;
  // A complete German sentence that can be shown to the person who caused the request.
  std::string message;
  // Optional: the form field or parameter the error is about.
  std::string field;
};

template <typename T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error from a function that returns Result<T>.
inline std::unexpected<Error> Fail(ErrorKind kind, std::string message, std::string field = {}) {
  return std::unexpected<Error>(Error{kind, std::move(message), std::move(field)});
}

// Result of an operation with no value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace mw
