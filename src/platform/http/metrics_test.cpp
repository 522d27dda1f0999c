#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "platform/http/server.hpp"

namespace mw::http {
namespace {

bool Contains(const std::string& text, std::string_view needle) { return text.find(needle) != std::string::npos; }

// The registry is process-wide: every run (--gtest_repeat) gets fresh metric names.
std::string Fresh(std::string_view name) {
  static int run = 0;
  return "mwtest" + std::to_string(++run) + "_" + std::string(name);
}

TEST(MetricsTest, RendersCountersGaugesAndHistogramsInPrometheusFormat) {
  Metrics& metrics = Metrics::Global();
  const std::string signatures = Fresh("signatures_total");
  const std::string queue = Fresh("queue_length");
  const std::string duration = Fresh("duration_seconds");
  metrics.Increment(signatures + "{tenant=\"sn\"}");
  metrics.Increment(signatures + "{tenant=\"sn\"}", 2);
  metrics.Increment(signatures + "{tenant=\"by\"}");
  metrics.Set(queue, 7);
  metrics.Observe(duration, "route=\"a\"", 0.003);
  metrics.Observe(duration, "route=\"a\"", 0.7);
  metrics.Observe(duration, "route=\"a\"", 60);

  const std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# TYPE " + signatures + " counter\n"));
  EXPECT_TRUE(Contains(text, signatures + "{tenant=\"sn\"} 3\n"));
  EXPECT_TRUE(Contains(text, signatures + "{tenant=\"by\"} 1\n"));
  EXPECT_TRUE(Contains(text, "# TYPE " + queue + " gauge\n" + queue + " 7\n"));
  EXPECT_TRUE(Contains(text, "# TYPE " + duration + " histogram\n"));
  EXPECT_TRUE(Contains(text, duration + "_bucket{route=\"a\",le=\"0.005\"} 1\n"));
  EXPECT_TRUE(Contains(text, duration + "_bucket{route=\"a\",le=\"0.5\"} 1\n"));
  EXPECT_TRUE(Contains(text, duration + "_bucket{route=\"a\",le=\"1\"} 2\n"));
  EXPECT_TRUE(Contains(text, duration + "_bucket{route=\"a\",le=\"10\"} 2\n"));
  EXPECT_TRUE(Contains(text, duration + "_bucket{route=\"a\",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(Contains(text, duration + "_sum{route=\"a\"} 60.703\n"));
  EXPECT_TRUE(Contains(text, duration + "_count{route=\"a\"} 3\n"));
  // One TYPE line per metric, however many label sets.
  EXPECT_EQ(text.find("# TYPE " + signatures), text.rfind("# TYPE " + signatures));
}

TEST(MetricsTest, CountsFromManyThreads) {
  const std::string name = Fresh("parallel_total");
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&name] {
      for (int count = 0; count < 1000; ++count) Metrics::Global().Increment(name);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_TRUE(Contains(Metrics::Global().Render(), name + " 4000\n"));
}

}  // namespace
}  // namespace mw::http
