-- DuckDB baseline for `budget-monitor status` on accounting-software ledgers
-- (项目明细账: three title lines, then 日期, 凭证号, 摘要, 科目编码, 科目名称, 项目编码,
-- 项目名称, 借方金额, 贷方金额, 方向, 余额; dates like 2025/1/5; amounts like
-- "4,930.74"; 期初余额 / 本月合计 / 本年累计 rows have an empty date).
-- bench/run.sh substitutes the placeholders:
--   {{REGISTRY}}     registry CSV (项目编码, ...)
--   {{LEDGER_GLOB}}  the export files, e.g. /data/x/ledgers/*.csv
--   {{AS_OF}}        as-of date, YYYY-MM-DD (its year is the fiscal year)
--   {{OUT}}          result CSV: project_code and paid in fen at the three
--                    checkpoints (03-31, 06-30, 10-31) and at the as-of date
-- Voucher numbers restart every month, so a ledger line is identified by
-- (date, 凭证号, project, debit, credit): overlapping exports repeat it, it is
-- counted once. Amount = 借方金额 − 贷方金额, exact DECIMAL until the final
-- cast to integer fen. Only the five needed columns are materialized.
COPY (
    WITH line AS (
        SELECT DISTINCT
            "日期" AS entry_date,
            "凭证号" AS voucher,
            "项目编码" AS project,
            "借方金额" AS debit,
            "贷方金额" AS credit
        FROM read_csv('{{LEDGER_GLOB}}',
                      skip = 3,            -- title lines above the header
                      header = true,
                      all_varchar = true,
                      thousands = ',',
                      dateformat = '%Y/%-m/%-d',
                      types = {'日期': 'DATE', '借方金额': 'DECIMAL(18,2)', '贷方金额': 'DECIMAL(18,2)'})
        -- summary rows (期初余额, 本月合计, 本年累计) have no date: NULL fails the test
        WHERE "日期" BETWEEN date_trunc('year', DATE '{{AS_OF}}') AND DATE '{{AS_OF}}'
    ),
    per_project AS (
        SELECT
            project,
            sum(amount) FILTER (WHERE entry_date <= make_date(year(DATE '{{AS_OF}}'), 3, 31)) AS paid_03_31,
            sum(amount) FILTER (WHERE entry_date <= make_date(year(DATE '{{AS_OF}}'), 6, 30)) AS paid_06_30,
            sum(amount) FILTER (WHERE entry_date <= make_date(year(DATE '{{AS_OF}}'), 10, 31)) AS paid_10_31,
            sum(amount) AS paid_as_of
        FROM (SELECT entry_date, project, coalesce(debit, 0) - coalesce(credit, 0) AS amount FROM line)
        GROUP BY project
    )
    SELECT
        r."项目编码" AS project_code,
        CAST(coalesce(p.paid_03_31, 0) * 100 AS BIGINT) AS paid_fen_03_31,
        CAST(coalesce(p.paid_06_30, 0) * 100 AS BIGINT) AS paid_fen_06_30,
        CAST(coalesce(p.paid_10_31, 0) * 100 AS BIGINT) AS paid_fen_10_31,
        CAST(coalesce(p.paid_as_of, 0) * 100 AS BIGINT) AS paid_fen_as_of
    FROM read_csv('{{REGISTRY}}', header = true, all_varchar = true) AS r
    LEFT JOIN per_project AS p ON p.project = r."项目编码"
) TO '{{OUT}}' (FORMAT csv, HEADER true);
