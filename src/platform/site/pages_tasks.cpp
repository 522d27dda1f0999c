// "Meine Aufgaben" (/aufgaben, #14 item 10): the page a person lands on after login. Per tenant where they hold a
// role, what waits for them there; then their own things. The platform knows no format: the entries come from the
// formats' TaskSources.
#include <map>

#include "platform/site/pages.hpp"

namespace mw::site {

http::Response GetTasks(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  const accounts::User& user = *visitor.user();
  std::vector<accounts::RoleGrant> roles;
  std::vector<Task> tasks;
  services.db.Read([&](db::Tx& tx) {
    roles = accounts::RolesOf(tx, user.id);
    TaskQuery query{.user = &user, .roles = &roles, .locale = visitor.locale, .now = services.now()};
    for (const auto& source : services.task_sources) {
      for (auto& task : source(tx, query)) tasks.push_back(std::move(task));
    }
  });

  // The tenants in the order RolesOf gives them (by name), each with its roles' labels and what waits there.
  boost::json::array tenants;
  std::map<std::int64_t, std::size_t> tenant_index;
  for (const auto& grant : roles) {
    std::string role_label = services.renderer.T(visitor.locale, "role." + std::string(accounts::RoleName(grant.role)));
    if (auto found = tenant_index.find(grant.tenant_id); found != tenant_index.end()) {
      auto& entry = tenants[found->second].as_object();
      entry["roles"] = std::string(entry["roles"].as_string()) + ", " + role_label;
      if (grant.role == accounts::Role::kAdmin) entry["admin_href"] = "/" + grant.tenant_slug + "/verwaltung";
      continue;
    }
    tenant_index[grant.tenant_id] = tenants.size();
    boost::json::object entry{{"name", grant.tenant_name},
                              {"href", "/" + grant.tenant_slug},
                              {"roles", role_label},
                              {"tasks", boost::json::array{}}};
    if (grant.role == accounts::Role::kAdmin) entry["admin_href"] = "/" + grant.tenant_slug + "/verwaltung";
    tenants.push_back(std::move(entry));
  }
  boost::json::array own;
  bool anything_waits = false;
  for (const auto& task : tasks) {
    boost::json::object shown{{"label", task.label}, {"count", task.count}, {"href", task.href}};
    if (!task.tenant_id) {
      own.push_back(std::move(shown));
      continue;
    }
    auto found = tenant_index.find(*task.tenant_id);
    if (task.count <= 0 || found == tenant_index.end()) continue;
    tenants[found->second].as_object()["tasks"].as_array().push_back(std::move(shown));
    anything_waits = true;
  }
  for (auto& entry : tenants) {
    auto& object = entry.as_object();
    object["nothing_waits"] = object["tasks"].as_array().empty();
  }
  boost::json::object model{{"nothing_to_do", !anything_waits},
                            {"has_tenants", !tenants.empty()},
                            {"tenants", std::move(tenants)},
                            {"has_own", !own.empty()},
                            {"own", std::move(own)}};
  return RenderPage(services, visitor, request, "tasks", std::move(model),
                    services.renderer.T(visitor.locale, "tasks.title"));
}

}  // namespace mw::site
