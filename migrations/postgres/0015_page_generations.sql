-- The page cache's generations (src/platform/site/page_cache.hpp): a write that changes what pages show bumps the
-- generation of its scopes (e.g. "tenant:7", "petitions"), so that every server process drops the pages that
-- depend on them. `generation` is the value of the one clock row at the touch: touching writes take the clock row's
-- lock, so they commit in the order of their generations and a process that polls "generation > last seen" misses
-- none.
CREATE TABLE page_generation_clock (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);
INSERT INTO page_generation_clock (id, generation) VALUES (1, 0);

CREATE TABLE page_generation (
  scope      TEXT PRIMARY KEY,
  generation BIGINT NOT NULL
);
CREATE INDEX page_generation_by_generation ON page_generation (generation);
