-- DuckDB baseline for `budget-monitor status` on treasury payment exports
-- (国库集中支付明细: 支付日期, 支付凭证号, ..., 项目编码, ..., 支付金额).
-- bench/run.sh substitutes the placeholders:
--   {{REGISTRY}}     registry CSV (项目编码, ...)
--   {{LEDGER_GLOB}}  the export files, e.g. /data/x/ledgers/*.csv
--   {{AS_OF}}        as-of date, YYYY-MM-DD (its year is the fiscal year)
--   {{OUT}}          result CSV: project_code and paid in fen at the three
--                    checkpoints (03-31, 06-30, 10-31) and at the as-of date
-- Overlapping exports: a payment is (date, 支付凭证号, project, amount), counted
-- once however many files repeat it. Money stays DECIMAL (exact) until the
-- final cast to integer fen. Only the four needed columns are materialized,
-- every other column stays an unparsed VARCHAR.
COPY (
    WITH payment AS (
        SELECT DISTINCT
            "支付日期" AS pay_date,
            "支付凭证号" AS voucher,
            "项目编码" AS project,
            "支付金额" AS amount
        FROM read_csv('{{LEDGER_GLOB}}',
                      header = true,
                      all_varchar = true,
                      types = {'支付日期': 'DATE', '支付金额': 'DECIMAL(18,2)'})
        WHERE "支付日期" BETWEEN date_trunc('year', DATE '{{AS_OF}}') AND DATE '{{AS_OF}}'
    ),
    per_project AS (
        SELECT
            project,
            sum(amount) FILTER (WHERE pay_date <= make_date(year(DATE '{{AS_OF}}'), 3, 31)) AS paid_03_31,
            sum(amount) FILTER (WHERE pay_date <= make_date(year(DATE '{{AS_OF}}'), 6, 30)) AS paid_06_30,
            sum(amount) FILTER (WHERE pay_date <= make_date(year(DATE '{{AS_OF}}'), 10, 31)) AS paid_10_31,
            sum(amount) AS paid_as_of
        FROM payment
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
