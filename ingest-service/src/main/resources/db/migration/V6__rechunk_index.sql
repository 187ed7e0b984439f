-- The reconciler looks for indexed documents made by another chunker than the running code's every
-- reconcile-interval (10 s) in every replica (JobStore.queueRechunk). Without an index that was a scan
-- of the whole table each time (300,000 documents: 101 ms); with this one and the query's "is null, or
-- less, or greater than the current version" it is three index probes (0.12 ms) that usually find nothing.
create index documents_rechunk_idx on documents (chunker_version, updated_at) where status = 'indexed';
