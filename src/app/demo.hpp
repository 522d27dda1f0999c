// Demo data for the embedded demo: a Land with a Landesbehörde, a Landkreis, a kreisfreie Stadt and a Gemeinde,
// demo accounts for each role, and an organisation (Träger öffentlicher Belange). Idempotent: running it again
// leaves existing data alone.
#pragma once

#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace mw::app {

inline constexpr const char* kDemoPassword = "Demo-Passwort-2026";
// The demo platform administrator's authenticator secret (base32): the platform administration asks for a second
// factor, and the browser tests compute its codes from this published value (tests/browser/lib/people.mjs). A demo
// secret only, like the password.
inline constexpr const char* kDemoAdminTotpSecret = "MITWIRKENDEMOPLATTFORMADMIN23456";

struct DemoAccount {
  std::string email;
  std::string description;
};

// Loads the demo data; returns the demo accounts (all with kDemoPassword). `base_url`: the portal's public address, as
// `serve --base-url` (links in the demo procedures' published announcements).
std::vector<DemoAccount> LoadDemoData(db::Database& db, db::UnixSeconds now,
                                      std::string_view base_url = "http://127.0.0.1:8080");

}  // namespace mw::app
