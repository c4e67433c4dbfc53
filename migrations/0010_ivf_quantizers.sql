-- IVF lists (the coarse quantizer of a FAISS IVF index) trained by a worker and read by
-- every web process, so no web process runs k-means (minutes of CPU at 1M vectors,
-- beside the pages). One row per direction and embedding model: the latest training.
-- `template` is a trained, empty IVF index as faiss.serialize_index writes it; a web
-- process builds on it by assigning its vectors to these lists.
CREATE TABLE ivf_quantizers (
    kind        text NOT NULL CHECK (kind IN ('vacancy', 'candidate')),
    model       text NOT NULL,
    nlist       integer NOT NULL CHECK (nlist > 0),
    dimension   integer NOT NULL CHECK (dimension > 0),
    sample_size integer NOT NULL CHECK (sample_size > 0),  -- vectors the k-means saw
    trained_for bigint NOT NULL CHECK (trained_for > 0),   -- stored vectors at the time
    template    bytea NOT NULL,
    trained_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (kind, model)
);
