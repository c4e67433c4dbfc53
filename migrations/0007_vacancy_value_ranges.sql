-- Numbers a page can trust: PostgreSQL's numeric and real accept 'NaN' and 'Infinity',
-- and one NaN wage made every coach page fail (issue 11). The parsers refuse them now;
-- these checks make the table refuse them too. Values stored before are cleared first
-- (an unknown wage or hour count is what they meant anyway).
UPDATE vacancies SET hourly_wage = NULL
WHERE hourly_wage IS NOT NULL AND NOT (hourly_wage > 0 AND hourly_wage <= 100);
UPDATE vacancies SET hours_min = NULL
WHERE hours_min IS NOT NULL AND NOT (hours_min >= 0 AND hours_min <= 80);
UPDATE vacancies SET hours_max = NULL
WHERE hours_max IS NOT NULL AND NOT (hours_max >= 0 AND hours_max <= 80);

ALTER TABLE vacancies
    ADD CONSTRAINT vacancies_hourly_wage_range
        CHECK (hourly_wage IS NULL OR (hourly_wage > 0 AND hourly_wage <= 100)),
    ADD CONSTRAINT vacancies_hours_range
        CHECK ((hours_min IS NULL OR (hours_min >= 0 AND hours_min <= 80))
           AND (hours_max IS NULL OR (hours_max >= 0 AND hours_max <= 80)));
