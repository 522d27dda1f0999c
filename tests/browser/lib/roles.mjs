// The roles the crawler visits the portal as: a visitor and one demo account per role (README, "The demo").
export const roles = [
  { name: "visitor" },
  { name: "citizen", email: "anna.schmidt@buerger.example" },
  { name: "organisation", email: "stellungnahmen@umweltverband.example" },
  { name: "editor", email: "redaktion@grimma.example" },
  { name: "case-worker", email: "sachbearbeitung@lk-leipzig.example" },
  { name: "moderator", email: "moderation@sachsen.example" },
  { name: "tenant-admin", email: "verwaltung@grimma.example" },
  { name: "platform-admin", email: "admin@mitwirken.example" },
];

export const languages = ["de", "en"];
