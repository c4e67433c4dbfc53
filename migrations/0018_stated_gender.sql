-- Gender only where a person chose to state it (issue 14, fairness monitor): the young
-- person sets or clears it on their own "Mijn gegevens" page; nobody else can. It is
-- never embedded, never shown to an agency and only counted in groups of 5 or more.
ALTER TABLE candidates ADD COLUMN stated_gender text
    CHECK (stated_gender IN ('vrouw', 'man', 'anders'));
