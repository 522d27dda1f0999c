// The page cache: a kept page is answered until a write touches one of its scopes (at once in the writing process,
// after a poll in another), never past its max age, one render at a time per key, within its bounds.
#include "platform/site/page_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>

#include "support/test_db.hpp"

namespace mw::site {
namespace {

using namespace std::chrono_literals;

SharedPage Page(std::string body) {
  return SharedPage{.csrf_placeholder = "PLACEHOLDER", .response = http::Response::Html(200, std::move(body))};
}

// Renders "<name> #<n>" where n counts the renders of this key.
struct Renderer {
  std::string name;
  int count = 0;
  std::optional<SharedPage> operator()() { return Page(name + " #" + std::to_string(++count)); }
};

std::string Body(const std::shared_ptr<const SharedPage>& page) {
  return page ? page->response.BodyText() : "(none)";
}

class PageCacheTest : public mw::testing::EngineTest {
 protected:
  void Touch(db::Database& db, std::vector<std::string> scopes) {
    db.Write([&](db::Tx& tx) { TouchPages(tx, scopes); });
  }
};

TEST_P(PageCacheTest, APageIsKeptUntilAWriteTouchesItsScopeAndThenRenderedAtOnce) {
  PageCache& cache = PageCacheOf(*db_);
  Renderer grimma{"grimma"}, leipzig{"leipzig"};
  auto get = [&](const std::string& key, const std::string& scope, Renderer& render) {
    return Body(cache.Get(key, {scope}, 1000, kSharedPageMaxAge, std::ref(render)));
  };
  EXPECT_EQ(get("de|/grimma", TenantScope(1), grimma), "grimma #1");
  EXPECT_EQ(get("de|/leipzig", TenantScope(2), leipzig), "leipzig #1");
  EXPECT_EQ(get("de|/grimma", TenantScope(1), grimma), "grimma #1");
  EXPECT_EQ(Body(cache.Peek("de|/grimma", 1000)), "grimma #1");

  Touch(*db_, {TenantScope(1)});
  // Right after the write returned: the touched page is not answered any more, the other one still is.
  EXPECT_EQ(cache.Peek("de|/grimma", 1000), nullptr);
  EXPECT_EQ(Body(cache.Peek("de|/leipzig", 1000)), "leipzig #1");
  EXPECT_EQ(get("de|/grimma", TenantScope(1), grimma), "grimma #2");
  EXPECT_EQ(get("de|/leipzig", TenantScope(2), leipzig), "leipzig #1");

  // kAllScope reaches every page.
  Touch(*db_, {std::string(kAllScope)});
  EXPECT_EQ(cache.Peek("de|/leipzig", 1000), nullptr);
  EXPECT_EQ(get("de|/leipzig", TenantScope(2), leipzig), "leipzig #2");
}

TEST_P(PageCacheTest, AWriteThatRollsBackTouchesNothing) {
  PageCache& cache = PageCacheOf(*db_);
  Renderer render{"seite"};
  cache.Get("k", {"petitions"}, 1000, kSharedPageMaxAge, std::ref(render));
  EXPECT_THROW(db_->Write([&](db::Tx& tx) {
    TouchPages(tx, {"petitions"});
    throw std::runtime_error("abgebrochen");
  }),
               std::runtime_error);
  EXPECT_EQ(Body(cache.Peek("k", 1000)), "seite #1");
  // Nor does another process see it.
  EXPECT_EQ(PollPageGenerations(*db_), 0);
}

TEST_P(PageCacheTest, AnotherProcessStopsAnsweringThePageOnceItPolled) {
  // A second Database object on the same database has a cache of its own, like a second server process.
  auto other = db::Database::Open(url_, {});
  PageCache& other_cache = PageCacheOf(*other);
  PollPageGenerations(*other);
  Renderer render{"liste"};
  other_cache.Get("de|/verfahren", {"procedures"}, 1000, kSharedPageMaxAge, std::ref(render));

  Touch(*db_, {"procedures", TenantScope(3)});
  // Not yet polled: the other process has not heard of the write.
  EXPECT_EQ(Body(other_cache.Peek("de|/verfahren", 1000)), "liste #1");
  EXPECT_EQ(PollPageGenerations(*other), 2);
  EXPECT_EQ(other_cache.Peek("de|/verfahren", 1000), nullptr);
  EXPECT_EQ(Body(other_cache.Get("de|/verfahren", {"procedures"}, 1000, kSharedPageMaxAge, std::ref(render))),
            "liste #2");
  // A poll without news changes nothing.
  EXPECT_EQ(PollPageGenerations(*other), 0);
  EXPECT_EQ(Body(other_cache.Peek("de|/verfahren", 1000)), "liste #2");
}

TEST_P(PageCacheTest, TheWatchAdoptsAnotherProcessesWriteWithinASecond) {
  auto other = db::Database::Open(url_, {});
  PageCache& other_cache = PageCacheOf(*other);
  PageGenerationWatch watch(*other, 50ms);
  Renderer render{"petition"};
  // Let the first poll (every generation so far) pass before keeping the page.
  std::this_thread::sleep_for(200ms);
  other_cache.Get("de|/grimma/petitionen/1", {TenantScope(1)}, 1000, kSharedPageMaxAge, std::ref(render));
  ASSERT_NE(other_cache.Peek("de|/grimma/petitionen/1", 1000), nullptr);

  Touch(*db_, {TenantScope(1)});
  const auto start = std::chrono::steady_clock::now();
  while (other_cache.Peek("de|/grimma/petitionen/1", 1000) != nullptr &&
         std::chrono::steady_clock::now() - start < 2s) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(other_cache.Peek("de|/grimma/petitionen/1", 1000), nullptr);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_P(PageCacheTest, ARenderOverlappingATouchIsNotKeptPastIt) {
  PageCache& cache = PageCacheOf(*db_);
  int renders = 0;
  auto render = [&]() -> std::optional<SharedPage> {
    // The write commits while this render reads: what it read may be from before the write.
    if (++renders == 1) Touch(*db_, {TenantScope(5)});
    return Page("render " + std::to_string(renders));
  };
  EXPECT_EQ(Body(cache.Get("k", {TenantScope(5)}, 1000, kSharedPageMaxAge, render)), "render 1");
  EXPECT_EQ(cache.Peek("k", 1000), nullptr);
  EXPECT_EQ(Body(cache.Get("k", {TenantScope(5)}, 1000, kSharedPageMaxAge, render)), "render 2");
  EXPECT_EQ(Body(cache.Peek("k", 1000)), "render 2");
}

TEST(PageCache, APageIsNotAnsweredPastItsMaxAgeNorAfterTheClockWentBack) {
  PageCache cache;
  Renderer render{"seite"};
  cache.Get("k", {}, 1000, 60, std::ref(render));
  EXPECT_EQ(Body(cache.Peek("k", 1059)), "seite #1");
  EXPECT_EQ(cache.Peek("k", 1060), nullptr);
  EXPECT_EQ(cache.Peek("k", 999), nullptr);
  EXPECT_EQ(Body(cache.Get("k", {}, 1060, 60, std::ref(render))), "seite #2");
}

TEST(PageCache, ARenderGivingNothingIsNotKept) {
  PageCache cache;
  int renders = 0;
  auto nothing = [&]() -> std::optional<SharedPage> {
    ++renders;
    return std::nullopt;
  };
  EXPECT_EQ(cache.Get("k", {}, 1000, 60, nothing), nullptr);
  EXPECT_EQ(cache.Get("k", {}, 1000, 60, nothing), nullptr);
  EXPECT_EQ(renders, 2);
  EXPECT_EQ(cache.Peek("k", 1000), nullptr);
}

TEST(PageCache, ConcurrentRequestsForOnePageWaitForOneRender) {
  PageCache cache;
  std::atomic<int> renders = 0;
  auto slow = [&]() -> std::optional<SharedPage> {
    ++renders;
    std::this_thread::sleep_for(100ms);
    return Page("langsam");
  };
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::vector<std::string> bodies(kThreads);
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      start.arrive_and_wait();
      bodies[thread_idx] = Body(cache.Get("k", {}, 1000, 60, slow));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(renders.load(), 1);
  for (const auto& body : bodies) EXPECT_EQ(body, "langsam");
  // Other keys render side by side: a page does not wait for another page's render.
  std::atomic<int> running = 0, most = 0;
  auto counted = [&]() -> std::optional<SharedPage> {
    int now_running = ++running;
    int seen = most.load();
    while (now_running > seen && !most.compare_exchange_weak(seen, now_running)) {
    }
    std::this_thread::sleep_for(100ms);
    --running;
    return Page("x");
  };
  std::thread first([&] { cache.Get("a", {}, 1000, 60, counted); });
  std::thread second([&] { cache.Get("b", {}, 1000, 60, counted); });
  first.join();
  second.join();
  EXPECT_EQ(most.load(), 2);
}

TEST(PageCache, StaysWithinItsBoundsAndKeepsTheRecentlyUsedPages) {
  PageCache cache(PageCacheLimits{.max_entries = 100, .max_bytes = 1u << 20});
  Renderer hot{"oft"};
  for (int page_idx = 0; page_idx < 1000; ++page_idx) {
    cache.Get("hot", {}, 1000, 60, std::ref(hot));
    Renderer cold{"selten"};
    cache.Get("cold " + std::to_string(page_idx), {}, 1000, 60, std::ref(cold));
    EXPECT_LE(cache.entries(), 101u);
  }
  EXPECT_EQ(Body(cache.Peek("hot", 1000)), "oft #1");

  PageCache small(PageCacheLimits{.max_entries = 1000, .max_bytes = 100'000});
  for (int page_idx = 0; page_idx < 100; ++page_idx) {
    small.Get("big " + std::to_string(page_idx), {}, 1000, 60,
              [] { return std::optional(Page(std::string(10'000, 'x'))); });
    EXPECT_LE(small.bytes(), 100'000u);
  }
  EXPECT_GT(small.entries(), 0u);
}

TEST(PageCache, WithVisitorTokenPutsTheTokenWhereThePlaceholderWas) {
  SharedPage page = Page("<input name=\"csrf\" value=\"PLACEHOLDER\"><a>PLACEHOLDER</a>");
  page.response.SetHeader("X-Test", "1");
  auto response = WithVisitorToken(page, "tok_en-1");
  EXPECT_EQ(response.BodyText(), "<input name=\"csrf\" value=\"tok_en-1\"><a>tok_en-1</a>");
  EXPECT_EQ(response.GetHeader("X-Test"), "1");
}

// A kept page's body is made once into a shared body with a hole per placeholder; every response for it points to
// that same body instead of copying it.
TEST(PageCache, AKeptPageIsAnsweredWithItsBodySharedNotCopied) {
  PageCache cache;
  auto kept = cache.Get("k", {}, 1000, 60, [] { return Page("<form>PLACEHOLDER</form>"); });
  ASSERT_NE(kept, nullptr);
  ASSERT_NE(kept->response.shared_body, nullptr);
  EXPECT_TRUE(kept->response.body.empty());
  EXPECT_EQ(kept->response.shared_body->holes.size(), 1u);
  auto one = WithVisitorToken(*kept, "eins");
  auto two = WithVisitorToken(*cache.Peek("k", 1000), "zwei");
  EXPECT_EQ(one.shared_body.get(), kept->response.shared_body.get());
  EXPECT_EQ(two.shared_body.get(), kept->response.shared_body.get());
  EXPECT_EQ(one.BodyText(), "<form>eins</form>");
  EXPECT_EQ(two.BodyText(), "<form>zwei</form>");
}

MW_INSTANTIATE_FOR_ENGINES(PageCacheTest);

}  // namespace
}  // namespace mw::site
