-- The overview's text search (`/verfahren?q=…`, the tenant's list, `/api/v1/procedures?q=…`) finds a procedure whose
-- title or description contains the words as typed. Until now that was `LOWER(title) LIKE '%…%'` over every procedure
-- row, descriptions included, on each search: 5,600 rows at Land scale. A trigram index answers the same question
-- (a substring, in any case: the trigram tokenizer folds case for every letter, not only ASCII) from the index.
-- External content: the index holds no copy of the texts; the triggers keep it in step with every write of a
-- procedure, whoever writes it. procedures::ListWhere asks it for searches of three characters or more (shorter ones
-- have no trigram and still use LIKE).
CREATE VIRTUAL TABLE procedure_search_fts USING fts5(
  title, description, content = 'procedure', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO procedure_search_fts (procedure_search_fts) VALUES ('rebuild');

CREATE TRIGGER procedure_search_insert AFTER INSERT ON procedure BEGIN
  INSERT INTO procedure_search_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER procedure_search_delete AFTER DELETE ON procedure BEGIN
  INSERT INTO procedure_search_fts (procedure_search_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
END;
CREATE TRIGGER procedure_search_update AFTER UPDATE OF title, description ON procedure BEGIN
  INSERT INTO procedure_search_fts (procedure_search_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO procedure_search_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
