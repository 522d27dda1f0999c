#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/http/message.hpp"

namespace mw::http {
namespace {

TEST(SetCookieTest, FormatsASessionCookieWithSafeDefaults) {
  EXPECT_EQ(FormatSetCookie({.name = "mw_session", .value = "abc123"}),
            "mw_session=abc123; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SetCookieTest, FormatsEveryAttribute) {
  SetCookie cookie{.name = "csrf",
                   .value = "x-y_z",
                   .path = "/sn",
                   .max_age_seconds = 3600,
                   .http_only = false,
                   .secure = true,
                   .same_site = "Strict"};
  EXPECT_EQ(FormatSetCookie(cookie), "csrf=x-y_z; Path=/sn; Max-Age=3600; Secure; SameSite=Strict");
}

TEST(SetCookieTest, DeletionExpiresTheCookieAtOnce) {
  SetCookie cookie{.name = "mw_session", .value = "", .max_age_seconds = 0};
  EXPECT_EQ(FormatSetCookie(cookie),
            "mw_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
}

TEST(ResponseTest, HelpersSetContentTypes) {
  EXPECT_EQ(Response::Html(200, "<p>x</p>").GetHeader("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(Response::Text(200, "x").GetHeader("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(Response::Json(201, "{}").GetHeader("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(Response::Json(201, "{}").status, 201);
}

TEST(ResponseTest, ProblemDetailsAreValidJson) {
  Response problem = Response::Problem(422, "Ungültige Angaben", "Die E-Mail-Adresse fehlt \"hier\".");
  EXPECT_EQ(problem.status, 422);
  EXPECT_EQ(problem.GetHeader("Content-Type"), "application/problem+json");
  auto json = boost::json::parse(problem.body).as_object();
  EXPECT_EQ(json.at("type").as_string(), "about:blank");
  EXPECT_EQ(json.at("title").as_string(), "Ungültige Angaben");
  EXPECT_EQ(json.at("status").as_int64(), 422);
  EXPECT_EQ(json.at("detail").as_string(), "Die E-Mail-Adresse fehlt \"hier\".");
}

TEST(ResponseTest, RedirectIsSeeOtherWithLocation) {
  Response redirect = Response::Redirect("/sn/danke");
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.GetHeader("location"), "/sn/danke");
  EXPECT_TRUE(redirect.body.empty());
}

TEST(ResponseTest, SetHeaderReplacesCaseInsensitively) {
  Response response;
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("cache-control", "public");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.GetHeader("CACHE-CONTROL"), "public");
  EXPECT_FALSE(response.GetHeader("ETag"));
}

TEST(RequestTest, AccessorsReturnTheFirstValueOrEmpty) {
  Request request;
  request.query = {{"a", "1"}, {"a", "2"}};
  request.form = {{"name", "Anna"}};
  request.path_params = {{"tenant", "sn"}};
  request.headers = {{"accept", "text/html"}, {"accept", "application/json"}};
  request.cookies = {{"mw_session", "s1"}};
  EXPECT_EQ(request.Query("a"), "1");
  EXPECT_EQ(request.Query("b"), "");
  EXPECT_EQ(request.Form("name"), "Anna");
  EXPECT_EQ(request.PathParam("tenant"), "sn");
  EXPECT_EQ(request.Header("accept"), "text/html");
  EXPECT_FALSE(request.Header("cookie"));
  EXPECT_EQ(request.Cookie("mw_session"), "s1");
  EXPECT_FALSE(request.Cookie("other"));
}

}  // namespace
}  // namespace mw::http
