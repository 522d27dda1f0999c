#include "platform/jobs/batch.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace mw::jobs {
namespace {

TEST(ForEachItemTest, OnePoisonedItemDoesNotStopTheOthers) {
  const std::vector<int> items{1, 2, 3, 4, 5};
  std::vector<int> processed;
  auto report = ForEachItem(
      "test-job", items,
      [&](int item) {
        if (item == 2) throw std::runtime_error("kaputt");
        if (item == 4) throw 42;  // not even an exception
        processed.push_back(item);
        return item != 5;  // the last one had nothing to do
      },
      [](int item) { return "item " + std::to_string(item); });
  EXPECT_EQ(processed, (std::vector<int>{1, 3, 5}));
  EXPECT_EQ(report.done, 2);
  EXPECT_EQ(report.failed, 2);
}

TEST(ForEachItemTest, NothingToDo) {
  auto report = ForEachItem("test-job", std::vector<int>{}, [](int) { return true; }, [](int) { return ""; });
  EXPECT_EQ(report.done, 0);
  EXPECT_EQ(report.failed, 0);
}

}  // namespace
}  // namespace mw::jobs
