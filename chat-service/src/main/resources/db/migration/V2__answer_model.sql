-- Every answer names the model that wrote it: <provider>:<model> (e.g. openai:gpt-4o-mini) or 'extractive'.
-- Answers stored before: extractive ones are known to be 'extractive'; a model answer's model was not kept,
-- so it stays null.
alter table messages add column model varchar(200);
update messages set model = 'extractive' where role = 'assistant' and mode = 'extractive';
