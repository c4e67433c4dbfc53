-- The kill switch belongs to a municipality (issue 11): one municipality's admin pulled
-- the global 'automatic_suggestions' setting and switched suggestions off for every
-- municipality. Each municipality now has its own switch; the global value at the time
-- of this migration is carried into every municipality, and the global row goes, so
-- nothing reads it by mistake. The column means nothing for agencies and employers.
ALTER TABLE organisations ADD COLUMN automatic_suggestions boolean NOT NULL DEFAULT true;

UPDATE organisations
SET automatic_suggestions = coalesce(
    (SELECT value <> 'false'::jsonb FROM app_settings WHERE key = 'automatic_suggestions'), true)
WHERE kind = 'municipality';

DELETE FROM app_settings WHERE key = 'automatic_suggestions';
