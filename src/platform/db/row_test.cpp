#include <gtest/gtest.h>

#include <limits>

#include "platform/db/database.hpp"

namespace mw::db {
namespace {

Row MakeRow() {
  return Row({nullptr, std::int64_t{-42}, 2.5, std::string("17"), std::string("17x"), Blob{std::string("a\0b", 3)},
              std::string(""), std::string("1e3")});
}

TEST(RowTest, IntAcceptsIntegersAndTextThatIsAnInteger) {
  const Row row = MakeRow();
  EXPECT_EQ(row.Int(1), -42);
  EXPECT_EQ(row.Int(3), 17);
  EXPECT_THROW(row.Int(4), std::logic_error);  // "17x" is not an integer in full
  EXPECT_THROW(row.Int(6), std::logic_error);  // "" neither
  EXPECT_THROW(row.Int(2), std::logic_error);  // a double
  EXPECT_THROW(row.Int(5), std::logic_error);  // a blob
}

TEST(RowTest, RealAcceptsNumbers) {
  const Row row = MakeRow();
  EXPECT_EQ(row.Real(2), 2.5);
  EXPECT_EQ(row.Real(1), -42.0);
  EXPECT_EQ(row.Real(7), 1000.0);
  EXPECT_THROW(row.Real(4), std::logic_error);
  EXPECT_THROW(row.Real(5), std::logic_error);
}

TEST(RowTest, TextFormatsNumbers) {
  const Row row = MakeRow();
  EXPECT_EQ(row.Text(1), "-42");
  EXPECT_EQ(row.Text(2), "2.5");
  EXPECT_EQ(row.Text(3), "17");
  EXPECT_EQ(row.Text(6), "");
  EXPECT_THROW(row.Text(5), std::logic_error);
  EXPECT_EQ(Row({0.1}).Text(0), "0.1");
  EXPECT_EQ(Row({std::numeric_limits<std::int64_t>::min()}).Text(0), "-9223372036854775808");
}

TEST(RowTest, BytesAcceptsBlobAndText) {
  const Row row = MakeRow();
  EXPECT_EQ(row.Bytes(5), std::string("a\0b", 3));
  EXPECT_EQ(row.Bytes(3), "17");
  EXPECT_THROW(row.Bytes(1), std::logic_error);
}

TEST(RowTest, NullNeedsIsNullOrTheOptVariants) {
  const Row row = MakeRow();
  EXPECT_TRUE(row.IsNull(0));
  EXPECT_FALSE(row.IsNull(1));
  EXPECT_THROW(row.Int(0), std::logic_error);
  EXPECT_THROW(row.Text(0), std::logic_error);
  EXPECT_THROW(row.Real(0), std::logic_error);
  EXPECT_THROW(row.Bytes(0), std::logic_error);
  EXPECT_EQ(row.OptInt(0), std::nullopt);
  EXPECT_EQ(row.OptReal(0), std::nullopt);
  EXPECT_EQ(row.OptText(0), std::nullopt);
  EXPECT_EQ(row.OptBytes(0), std::nullopt);
  EXPECT_EQ(row.OptInt(1), -42);
  EXPECT_EQ(row.OptText(3), "17");
}

TEST(RowTest, ErrorsNameTheColumn) {
  const Row row = MakeRow();
  try {
    row.Int(0);
    FAIL() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("column 0"), std::string::npos) << e.what();
  }
  try {
    row.Text(99);
    FAIL() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("column 99"), std::string::npos) << e.what();
  }
}

TEST(ParamTest, ConvertsCallSiteTypes) {
  const std::string slug = "a";
  const std::optional<std::int64_t> none;
  const Params params = {slug, std::string("b"), "c", std::string_view("d"), 1, 2L, true, 0.5, nullptr, none,
                         std::optional<std::string>("e"), Blob{"f"}};
  EXPECT_EQ(std::get<std::string>(params[0].value), "a");
  EXPECT_EQ(std::get<std::string>(params[1].value), "b");
  EXPECT_EQ(std::get<std::string>(params[2].value), "c");
  EXPECT_EQ(std::get<std::string>(params[3].value), "d");
  EXPECT_EQ(std::get<std::int64_t>(params[4].value), 1);
  EXPECT_EQ(std::get<std::int64_t>(params[5].value), 2);
  EXPECT_EQ(std::get<std::int64_t>(params[6].value), 1);
  EXPECT_EQ(std::get<double>(params[7].value), 0.5);
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(params[8].value));
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(params[9].value));
  EXPECT_EQ(std::get<std::string>(params[10].value), "e");
  EXPECT_EQ(std::get<Blob>(params[11].value).bytes, "f");
}

}  // namespace
}  // namespace mw::db
