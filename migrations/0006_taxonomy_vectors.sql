-- ESCO label vectors, embedded once by a worker and read by every web process, so no
-- web process embeds labels (minutes of CPU beside the pages) and processes on other
-- machines share them. `store` is the file format of matcher/taxonomy/vectors.py.
CREATE TABLE taxonomy_vectors (
    model      text PRIMARY KEY,
    store      bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
