// The procedures' part of "Meine Aufgaben" (/aufgaben, #14 item 10). Case workers, editors and the tenant's
// administration see the new statements nobody is assigned to and those assigned to them, per procedure, with a link
// to the inbox filtered the same way; editors and the administration see how many procedures are drafts; everyone
// sees their own statements.
#include <map>
#include <set>

#include "formats/procedures/backoffice_store.hpp"
#include "formats/procedures/handlers.hpp"
#include "formats/procedures/statements_store.hpp"

namespace mw::procedures {
namespace {

// Procedures listed per tenant at most: more would make the page a second inbox overview.
constexpr int kMaxProceduresPerTenant = 20;

std::vector<site::Task> TasksOf(const site::Services& services, db::Tx& tx, const site::TaskQuery& query) {
  const std::string& locale = query.locale;
  // The roles per tenant that give work here (RolesOf lists one row per role).
  std::map<std::int64_t, std::pair<std::string, std::set<accounts::Role>>> tenants;
  for (const auto& grant : *query.roles) {
    auto& entry = tenants[grant.tenant_id];
    entry.first = grant.tenant_slug;
    entry.second.insert(grant.role);
  }
  std::vector<site::Task> tasks;
  for (const auto& [tenant_id, entry] : tenants) {
    const auto& [slug, roles] = entry;
    const bool edits = roles.contains(accounts::Role::kEditor) || roles.contains(accounts::Role::kAdmin);
    if (!edits && !roles.contains(accounts::Role::kCaseWorker)) continue;
    for (const auto& waiting : WaitingInInboxes(tx, tenant_id, query.user->id, kMaxProceduresPerTenant)) {
      const std::string inbox = ProcedurePath(slug, waiting.procedure_id) + "/bearbeitung?";
      tasks.push_back({.tenant_id = tenant_id,
                       .label = services.renderer.T(locale, "procedures.tasks.unassigned", {{"title", waiting.title}}),
                       .count = waiting.unassigned,
                       .href = inbox + "status=new&zustaendig=niemand&zurueckgezogen=nein"});
      tasks.push_back({.tenant_id = tenant_id,
                       .label = services.renderer.T(locale, "procedures.tasks.assigned", {{"title", waiting.title}}),
                       .count = waiting.assigned_to_user,
                       .href = inbox + "zustaendig=ich&zurueckgezogen=nein&sortierung=stand"});
    }
    if (edits) {
      tasks.push_back({.tenant_id = tenant_id,
                       .label = services.renderer.T(locale, "procedures.tasks.drafts"),
                       .count = CountDrafts(tx, tenant_id),
                       .href = "/" + slug + "/verfahren/verwaltung"});
    }
  }
  tasks.push_back({.label = services.renderer.T(locale, "procedures.tasks.own_statements"),
                   .count = CountOwnStatements(tx, query.user->id),
                   .href = "/stellungnahmen"});
  return tasks;
}

}  // namespace

void RegisterTaskSource(site::Services& services) {
  services.task_sources.push_back(
      [&services](db::Tx& tx, const site::TaskQuery& query) { return TasksOf(services, tx, query); });
}

}  // namespace mw::procedures
