#include <gtest/gtest.h>

#include "platform/http/server.hpp"

namespace mw::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name); };
}

// Which handler a request reaches: its name, or "404"/"405".
std::string Reach(const Router& router, Method method, std::string_view path) {
  Router::Match match = router.Find(method, path);
  if (match.handler == nullptr) return match.path_known ? "405" : "404";
  Request request;
  return (*match.handler)(request).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/", Named("home"));
    router_.Add(Method::kGet, "/login", Named("login"));
    router_.Add(Method::kPost, "/login", Named("login-post"));
    router_.Add(Method::kGet, "/{tenant}", Named("tenant"));
    router_.Add(Method::kGet, "/{tenant}/verfahren/{id}", Named("procedure"));
    router_.Add(Method::kGet, "/{tenant}/verfahren/neu", Named("procedure-new"));
    router_.Add(Method::kGet, "/static/*", Named("static"));
    router_.Add(Method::kGet, "/{tenant}/dateien/*", Named("files"));
  }
  Router router_;
};

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  EXPECT_EQ(Reach(router_, Method::kGet, "/login"), "login");
  EXPECT_EQ(Reach(router_, Method::kGet, "/sn"), "tenant");
  EXPECT_EQ(Reach(router_, Method::kGet, "/sn/verfahren/neu"), "procedure-new");
  EXPECT_EQ(Reach(router_, Method::kGet, "/sn/verfahren/42"), "procedure");
  EXPECT_EQ(Reach(router_, Method::kGet, "/"), "home");
}

TEST_F(RouterTest, RegistrationOrderDoesNotMatterForPrecedence) {
  Router router;
  router.Add(Method::kGet, "/{tenant}", Named("tenant"));
  router.Add(Method::kGet, "/login", Named("login"));
  EXPECT_EQ(Reach(router, Method::kGet, "/login"), "login");
  EXPECT_EQ(Reach(router, Method::kGet, "/dresden"), "tenant");
}

TEST_F(RouterTest, ExtractsParameters) {
  Router::Match match = router_.Find(Method::kGet, "/Straßburg/verfahren/7");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(match.params.at("tenant"), "Straßburg");
  EXPECT_EQ(match.params.at("id"), "7");
}

TEST_F(RouterTest, ParametersNeedANonEmptySegment) {
  EXPECT_EQ(Reach(router_, Method::kGet, "/sn/verfahren/"), "404");
  EXPECT_EQ(Reach(router_, Method::kGet, "//verfahren/1"), "404");
}

TEST_F(RouterTest, RestWildcardTakesTheRemainingPath) {
  Router::Match match = router_.Find(Method::kGet, "/static/css/site.css");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(match.params.at("*"), "css/site.css");

  match = router_.Find(Method::kGet, "/sn/dateien/a/b.pdf");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(match.params.at("tenant"), "sn");
  EXPECT_EQ(match.params.at("*"), "a/b.pdf");

  match = router_.Find(Method::kGet, "/static/");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(match.params.at("*"), "");
}

TEST_F(RouterTest, UnknownPathIs404AndWrongMethodIs405WithAllowedMethods) {
  EXPECT_EQ(Reach(router_, Method::kGet, "/sn/unbekannt"), "404");
  EXPECT_EQ(Reach(router_, Method::kDelete, "/login"), "405");
  Router::Match match = router_.Find(Method::kDelete, "/login");
  EXPECT_TRUE(match.path_known);
  // GET /login (and so HEAD), POST /login and GET /{tenant} match the path.
  EXPECT_EQ(match.allowed_methods, (std::vector<Method>{Method::kGet, Method::kHead, Method::kPost}));
}

TEST_F(RouterTest, HeadIsAnsweredByTheGetRouteUnlessItHasItsOwn) {
  EXPECT_EQ(Reach(router_, Method::kHead, "/login"), "login");
  router_.Add(Method::kHead, "/login", Named("login-head"));
  EXPECT_EQ(Reach(router_, Method::kHead, "/login"), "login-head");
  EXPECT_EQ(Reach(router_, Method::kPost, "/sn"), "405");
}

TEST(RouterPatternTest, RejectsPatternsWithoutLeadingSlashOrInnerWildcard) {
  Router router;
  EXPECT_THROW(router.Add(Method::kGet, "login", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add(Method::kGet, "/a/*/b", Named("x")), std::invalid_argument);
}

TEST(MethodNameTest, RoundTrips) {
  for (Method method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete,
                        Method::kOptions}) {
    EXPECT_EQ(ParseMethod(MethodName(method)), method);
  }
  EXPECT_EQ(ParseMethod("PROPFIND"), Method::kOther);
  EXPECT_EQ(ParseMethod("get"), Method::kOther);  // methods are case-sensitive
}

}  // namespace
}  // namespace mw::http
