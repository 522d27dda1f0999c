// The roles the crawler visits the portal as: a visitor and one demo account per role (README, "The demo"), with the
// tenant the account has its role in (src/app/demo.cpp).
export const roles = [
  { name: "visitor" },
  { name: "citizen", email: "anna.schmidt@buerger.example" },
  { name: "organisation", email: "stellungnahmen@umweltverband.example" },
  { name: "editor", email: "redaktion@grimma.example", tenant: "grimma" },
  { name: "case-worker", email: "sachbearbeitung@lk-leipzig.example", tenant: "landkreis-leipzig" },
  { name: "moderator", email: "moderation@sachsen.example", tenant: "sachsen" },
  { name: "tenant-admin", email: "verwaltung@grimma.example", tenant: "grimma" },
  { name: "platform-admin", email: "admin@mitwirken.example" },
];

export const languages = ["de", "en"];
