// Row accessors: the conversions between what the engines deliver and what repositories ask for.
#include <charconv>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "platform/db/database.hpp"

namespace mw::db {
namespace {

const char* TypeName(const Value& value) {
  switch (value.index()) {
    case 0: return "NULL";
    case 1: return "an integer";
    case 2: return "a double";
    case 3: return "text";
    default: return "a blob";
  }
}

[[noreturn]] void ThrowWrongType(std::size_t column, const Value& value, const char* wanted) {
  throw std::logic_error(fmt::format("db::Row: column {} holds {}, not {}", column, TypeName(value), wanted));
}

// The whole of `text` as a number of type T, or nothing.
template <typename T>
std::optional<T> ParseWhole(const std::string& text) {
  T parsed{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return parsed;
}

const Value& At(const std::vector<Value>& values, std::size_t column) {
  if (column >= values.size()) {
    throw std::logic_error(fmt::format("db::Row: column {} does not exist (the row has {})", column, values.size()));
  }
  return values[column];
}

}  // namespace

bool Row::IsNull(std::size_t column) const { return std::holds_alternative<std::nullptr_t>(At(values_, column)); }

std::int64_t Row::Int(std::size_t column) const {
  const Value& value = At(values_, column);
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
  if (const auto* text = std::get_if<std::string>(&value)) {
    if (auto parsed = ParseWhole<std::int64_t>(*text)) return *parsed;
    throw std::logic_error(fmt::format("db::Row: column {} holds text that is not an integer", column));
  }
  ThrowWrongType(column, value, "an integer");
}

double Row::Real(std::size_t column) const {
  const Value& value = At(values_, column);
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  if (const auto* text = std::get_if<std::string>(&value)) {
    if (auto parsed = ParseWhole<double>(*text)) return *parsed;
    throw std::logic_error(fmt::format("db::Row: column {} holds text that is not a number", column));
  }
  ThrowWrongType(column, value, "a number");
}

std::string Row::Text(std::size_t column) const {
  const Value& value = At(values_, column);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  if (const auto* real = std::get_if<double>(&value)) return fmt::format("{}", *real);
  ThrowWrongType(column, value, "text");
}

std::string Row::Bytes(std::size_t column) const {
  const Value& value = At(values_, column);
  if (const auto* blob = std::get_if<Blob>(&value)) return blob->bytes;
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  ThrowWrongType(column, value, "a blob");
}

std::optional<std::int64_t> Row::OptInt(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<double> Row::OptReal(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Real(column);
}

std::optional<std::string> Row::OptText(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<std::string> Row::OptBytes(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Bytes(column);
}

}  // namespace mw::db
