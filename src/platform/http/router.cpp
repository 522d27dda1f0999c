#include <algorithm>
#include <cassert>
#include <stdexcept>

#include "platform/http/server.hpp"

namespace mw::http {
namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {}.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return segments;
  while (true) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// How well a route matched, segment by segment: a literal (2) beats a parameter (1) beats the rest wildcard (0).
// Compared lexicographically, so the first segment where two routes differ decides.
using Rank = std::vector<int>;

}  // namespace

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (Method method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete,
                        Method::kOptions}) {
    if (name == MethodName(method)) return method;
  }
  return Method::kOther;
}

void Router::Add(Method method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with '/': " + pattern);
  Route route{.method = method, .handler = std::move(handler), .options = options};
  for (std::string_view segment : SplitPath(pattern)) route.segments.emplace_back(segment);
  if (!route.segments.empty() && route.segments.back() == "*") {
    route.rest = true;
    route.segments.pop_back();
  }
  for (const auto& segment : route.segments) {
    if (segment == "*") throw std::invalid_argument("'*' is only allowed as the last segment: " + pattern);
  }
  const std::size_t route_idx = routes_.size();
  if (!route.segments.empty() && !IsParam(route.segments.front())) {
    by_first_segment_[route.segments.front()].push_back(route_idx);
  } else {
    any_first_segment_.push_back(route_idx);
  }
  routes_.push_back(std::move(route));
}

template <typename Visit>
void Router::ForEachCandidate(const std::vector<std::string_view>& segments, Visit&& visit) const {
  static const std::vector<std::size_t> kNone;
  const std::vector<std::size_t>* literal = &kNone;
  if (!segments.empty()) {
    if (auto found = by_first_segment_.find(segments.front()); found != by_first_segment_.end()) {
      literal = &found->second;
    }
  }
  // Both lists are ascending: merged, the routes come in the order they were added (ties go to the earlier route).
  auto one = literal->begin();
  auto other = any_first_segment_.begin();
  while (one != literal->end() || other != any_first_segment_.end()) {
    if (other == any_first_segment_.end() || (one != literal->end() && *one < *other)) {
      visit(routes_[*one++]);
    } else {
      visit(routes_[*other++]);
    }
  }
}

Router::Match Router::Find(Method method, std::string_view path) const {
  const std::vector<std::string_view> segments = SplitPath(path);

  // Matches `route` against the path; fills `rank` and `params` on success.
  auto match_route = [&segments](const Route& route, Rank& rank, std::map<std::string, std::string>& params) {
    if (route.rest ? segments.size() < route.segments.size() : segments.size() != route.segments.size()) {
      return false;
    }
    // First whether it matches at all (most routes do not), without building anything.
    for (std::size_t segment_idx = 0; segment_idx < route.segments.size(); ++segment_idx) {
      const std::string& pattern = route.segments[segment_idx];
      const std::string_view segment = segments[segment_idx];
      if (IsParam(pattern) ? segment.empty() : pattern != segment) return false;
    }
    rank.clear();
    params.clear();
    for (std::size_t segment_idx = 0; segment_idx < route.segments.size(); ++segment_idx) {
      const std::string& pattern = route.segments[segment_idx];
      if (IsParam(pattern)) {
        params[pattern.substr(1, pattern.size() - 2)] = std::string(segments[segment_idx]);
        rank.push_back(1);
      } else {
        rank.push_back(2);
      }
    }
    if (route.rest) {
      std::string rest;
      for (std::size_t segment_idx = route.segments.size(); segment_idx < segments.size(); ++segment_idx) {
        if (!rest.empty() || segment_idx > route.segments.size()) rest += '/';
        rest += segments[segment_idx];
      }
      params["*"] = std::move(rest);
      rank.push_back(0);
    } else {
      rank.push_back(3);  // an exact end beats a wildcard that happens to match nothing
    }
    return true;
  };

  Match best;
  Rank best_rank;
  bool best_is_exact_method = false;
  Rank rank;
  std::map<std::string, std::string> params;
  ForEachCandidate(segments, [&](const Route& route) {
    if (!match_route(route, rank, params)) return;
    const bool exact_method = route.method == method;
    const bool head_via_get = method == Method::kHead && route.method == Method::kGet;
    if (!exact_method && !head_via_get) {
      best.path_known = true;
      return;
    }
    // An explicit HEAD route wins over the GET route that would otherwise answer HEAD.
    if (best.handler == nullptr || rank > best_rank || (rank == best_rank && exact_method && !best_is_exact_method)) {
      best.handler = &route.handler;
      best.options = &route.options;
      best.params = params;
      best_rank = rank;
      best_is_exact_method = exact_method;
    }
  });
  if (best.handler != nullptr) {
    best.path_known = false;
    return best;
  }
  if (best.path_known) {
    ForEachCandidate(segments, [&](const Route& route) {
      if (!match_route(route, rank, params)) return;
      auto add = [&best](Method allowed) {
        if (std::find(best.allowed_methods.begin(), best.allowed_methods.end(), allowed) == best.allowed_methods.end()) {
          best.allowed_methods.push_back(allowed);
        }
      };
      add(route.method);
      if (route.method == Method::kGet) add(Method::kHead);
    });
  }
  return best;
}

}  // namespace mw::http
