-- An agency's own vacancy list (/agency, GET /api/v1/vacancies) is ordered open first,
-- then most recently changed; this index serves that order per organisation, so a page
-- is read from the index instead of sorting all of an organisation's vacancies.
CREATE INDEX vacancies_agency_list_idx
    ON vacancies (organisation_id, (status = 'open') DESC, updated_at DESC, id DESC);
