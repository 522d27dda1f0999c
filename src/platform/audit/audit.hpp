// The audit log: an append-only record of every administrative action and every submission — who, in which tenant,
// did what, when. Written in the same transaction as the change it records; the tables refuse UPDATE and DELETE.
//
//   audit::Record(tx, {.actor_user_id = admin.id, .actor_label = admin.email, .tenant_id = tenant.id,
//                      .action = "role.grant", .object = "user:42", .detail = "editor"}, now);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace mw::audit {

struct Entry {
  std::int64_t id = 0;
  db::UnixSeconds at = 0;
  std::optional<std::int64_t> actor_user_id;  // none for the system or a command-line operator
  std::string actor_label;                    // e-mail, "system" or "cli"
  std::optional<std::int64_t> tenant_id;      // none for platform-wide actions
  std::string action;                         // dotted verb, e.g. "tenant.create", "user.register"
  std::string object;                         // what it acted on, e.g. "user:42"
  std::string detail;                         // free text or JSON
  std::string remote_ip;
};

// Appends `entry` (its id and `at` are ignored; `at` = now) and returns the new id.
std::int64_t Record(db::Tx& tx, const Entry& entry, db::UnixSeconds now);

// Newest first. `before_id` pages backwards (0: from the newest). `tenant_id` nullopt: all entries.
std::vector<Entry> List(db::Tx& tx, std::optional<std::int64_t> tenant_id, std::int64_t before_id, int limit);

}  // namespace mw::audit
