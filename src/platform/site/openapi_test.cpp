// The API description is the platform's document with the formats' fragments merged in; a path described twice is
// an error, not a silent overwrite.
#include "platform/site/openapi.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include <boost/json.hpp>

namespace mw::site {
namespace {

namespace fs = std::filesystem;

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mw-openapi-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "openapi");
    Write("openapi.json", R"({"openapi":"3.0.3","paths":{"/me":{"get":{}}},"components":{"schemas":{"Me":{}}}})");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }

  fs::path dir_;
};

TEST_F(OpenApiTest, MergesFragmentsAndStripsTheServerPrefix) {
  Write("openapi/b.json", R"({"paths":{"/api/v1/procedures":{"get":{}}},"components":{"schemas":{"Procedure":{}}}})");
  Write("openapi/a.json", R"({"paths":{"/procedures/{id}":{"get":{}}}})");
  Write("openapi/notes.txt", "ignored");
  auto built = BuildOpenApi(dir_ / "openapi.json");
  ASSERT_TRUE(built.has_value()) << built.error().message;
  auto document = boost::json::parse(*built).as_object();
  const auto& paths = document.at("paths").as_object();
  EXPECT_TRUE(paths.contains("/me"));
  EXPECT_TRUE(paths.contains("/procedures"));
  EXPECT_TRUE(paths.contains("/procedures/{id}"));
  EXPECT_TRUE(document.at("components").at("schemas").as_object().contains("Procedure"));
  EXPECT_TRUE(document.at("components").at("schemas").as_object().contains("Me"));
}

TEST_F(OpenApiTest, ADuplicateIsAnErrorNamingTheFile) {
  Write("openapi/dup.json", R"({"paths":{"/me":{"post":{}}}})");
  auto built = BuildOpenApi(dir_ / "openapi.json");
  ASSERT_FALSE(built.has_value());
  EXPECT_NE(built.error().message.find("dup.json"), std::string::npos);
  EXPECT_NE(built.error().message.find("/me"), std::string::npos);
}

TEST_F(OpenApiTest, BrokenFilesAreErrors) {
  Write("openapi/broken.json", "{not json");
  EXPECT_FALSE(BuildOpenApi(dir_ / "openapi.json").has_value());
  EXPECT_FALSE(BuildOpenApi(dir_ / "missing.json").has_value());
}

}  // namespace
}  // namespace mw::site
