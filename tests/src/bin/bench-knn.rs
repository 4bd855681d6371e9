//! kNN latency at 1 million stored embeddings (issue 5):
//! `cargo run --release -p kakeibo-tests --bin bench-knn [ROWS [--flat]]` (default 1,000,000).
//!
//! On a fresh database: ROWS synthetic 384-d unit vectors in the shared embedding cache
//! (`text_embeddings`, its HNSW index built after the load), and 100 corrections for each of
//! ROWS / 100 users in `user_examples`. Then, after warm-up, the categorizer's kNN queries:
//! HNSW top-21 over the shared table (with its recall@10 against exact search), the per-user
//! exact query, and the batched LATERAL forms the pipeline sends.
//!
//! The vectors are clustered, as text embeddings are: 40 random unit directions (categories),
//! 2,000 centroids around them ("kinds of merchant"), 20 sub-centroids around each (one
//! merchant's spellings), each row a point around a sub-centroid. `--flat` (second argument)
//! draws the 2,000 centroids independently instead: clusters then share nothing, so a greedy
//! graph search has no gradient between them, which is harder than text. Uniform random
//! vectors would be HNSW's worst case.

// Vectors and timings are floating point by nature (the lint guards money arithmetic).
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use kakeibo_categorizer::knn;
use kakeibo_tests::TestDb;
use pgvector::Vector;
use sqlx::PgConnection;
use uuid::Uuid;

const DIM: usize = 384;
const CLUSTERS: usize = 2_000;
const SUBS: usize = 20;
const GROUPS: usize = 40;
/// Spread of centroids around their group's direction: cosine about 0.6 to it, 0.36 between
/// centroids of a group.
const CENTROID_SPREAD: f32 = 0.068;
/// Spread of sub-centroids around their centroid and of rows around their sub-centroid:
/// cosine about 0.87 within a sub-cluster, 0.54 within a cluster, about 0.2 across clusters
/// of one group and 0 across groups.
const SUB_SPREAD: f32 = 0.04;
const POINT_SPREAD: f32 = 0.025;
const PER_USER: usize = 100;
const MODEL: &str = "bench:clustered-384";
/// What the pipeline fetches per query (categorizer pipeline.rs, FETCH).
const TOP: i64 = 21;
const WARMUP: usize = 200;
const TIMED: usize = 2_000;
const RECALL_QUERIES: usize = 100;
const BATCH: usize = 500;
const BATCHES: usize = 6;

#[tokio::main]
async fn main() -> Result<()> {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let users = rows / PER_USER;
    let started = Instant::now();
    let db = TestDb::new().await?;
    let mut conn = db.pool.acquire().await?;
    let conn: &mut PgConnection = &mut conn;

    let settings: (String, String, String, String) = sqlx::query_as(
        "SELECT current_setting('server_version'), current_setting('shared_buffers'),
                current_setting('effective_cache_size'),
                (SELECT extversion FROM pg_extension WHERE extname = 'vector')",
    )
    .fetch_one(&mut *conn)
    .await?;
    println!(
        "{} cores, {} GiB RAM; PostgreSQL {}, shared_buffers {}, effective_cache_size {}, pgvector {}",
        std::thread::available_parallelism()?,
        mem_total_gib(),
        settings.0,
        settings.1,
        settings.2,
        settings.3
    );
    println!(
        "{rows} rows in text_embeddings; {users} users x {PER_USER} rows in user_examples; load {}",
        loadavg()
    );

    let leaves: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM default_categories WHERE parent_slug IS NOT NULL ORDER BY slug",
    )
    .fetch_all(&mut *conn)
    .await?;
    let flat = std::env::args().nth(2).is_some_and(|a| a == "--flat");
    println!(
        "vectors: {} centroids{}, {SUBS} sub-centroids each; seed 42",
        CLUSTERS,
        if flat {
            " drawn independently (--flat)".to_string()
        } else {
            format!(" around {GROUPS} group directions")
        }
    );
    let space = Space::new(42, flat);

    // Load into the bare heap, then build the index: HNSW inserts one by one are far slower.
    exec(conn, "TRUNCATE text_embeddings").await?;
    exec(conn, "DROP INDEX text_embeddings_hnsw").await?;
    let t = Instant::now();
    let stored = load_text_embeddings(conn, &space, &leaves, rows).await?;
    let copy_time = t.elapsed();
    println!(
        "COPY text_embeddings: {:.1} s ({:.0} rows/s)",
        secs(copy_time),
        rows as f64 / secs(copy_time)
    );

    let t = Instant::now();
    // The graph must fit in maintenance_work_mem or the build slows down many times over.
    exec(conn, "SET maintenance_work_mem = '3GB'").await?;
    exec(
        conn,
        "CREATE INDEX text_embeddings_hnsw ON text_embeddings USING hnsw (embedding vector_cosine_ops)",
    )
    .await?;
    exec(conn, "RESET maintenance_work_mem").await?;
    let index_time = t.elapsed();
    println!(
        "HNSW build (m 16, ef_construction 64, default workers): {:.1} s; load {}",
        secs(index_time),
        loadavg()
    );
    let t = Instant::now();
    exec(conn, "VACUUM (ANALYZE) text_embeddings").await?;
    println!("VACUUM ANALYZE text_embeddings: {:.1} s", secs(t.elapsed()));

    let t = Instant::now();
    let user_ids = load_user_examples(conn, users, rows).await?;
    println!(
        "{users} users (categories copied by trigger) and {} user_examples: {:.1} s",
        users * PER_USER,
        secs(t.elapsed())
    );

    let sizes: Vec<(String, i64)> = sqlx::query_as(
        "SELECT name, size FROM (VALUES
             ('text_embeddings table', pg_table_size('text_embeddings')),
             ('text_embeddings_hnsw', pg_relation_size('text_embeddings_hnsw')),
             ('text_embeddings_pkey', pg_relation_size('text_embeddings_pkey')),
             ('user_examples table', pg_table_size('user_examples')),
             ('user_examples_pkey', pg_relation_size('user_examples_pkey')),
             ('whole database', pg_database_size(current_database()))) s (name, size)",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, size) in &sizes {
        println!("  {name:<24} {:>7.0} MB", *size as f64 / 1e6);
    }

    // Queries are new texts near known ones: fresh points around existing sub-centroids.
    let mut rng = Rng(7);
    let mut pick = Rng(9);
    let mut fresh =
        |n: usize| -> Vec<Vec<f32>> { (0..n).map(|_| space.point(&mut rng).1).collect() };
    let hnsw_queries = fresh(WARMUP + TIMED);
    let recall_set = &hnsw_queries[WARMUP..WARMUP + RECALL_QUERIES];
    let t = Instant::now();
    let exact = exact_top(&stored, recall_set, 10);
    println!(
        "exact top-10 of {RECALL_QUERIES} queries by brute force in memory: {:.1} s",
        secs(t.elapsed())
    );
    drop(stored);
    pg_exact_agrees(conn, recall_set, &exact).await?;

    let mut table = Vec::new();
    for ef in [40, 100, 200] {
        let (times, found) = hnsw_single(conn, ef, &hnsw_queries).await?;
        let (recall, tenth) = recall_at_10(&found, &exact);
        println!(
            "ef_search {ef}: recall@10 {recall:.3}; 10th neighbour's similarity {:.4} (exact {:.4}); load {}",
            tenth.0,
            tenth.1,
            loadavg()
        );
        table.push((
            format!("a. HNSW top-{TOP}, 1 query, ef_search {ef}"),
            summary(&times),
            format!("{recall:.3}"),
        ));
    }
    exec(conn, "SELECT set_config('hnsw.ef_search', '40', false)").await?;
    println!("plan at ef_search 40:");
    explain(
        conn,
        "EXPLAIN (ANALYZE, BUFFERS) SELECT text_hash, 1 - (embedding <=> $2) FROM text_embeddings
         WHERE model = $1 ORDER BY embedding <=> $2 LIMIT 21",
        None,
        &hnsw_queries[WARMUP],
    )
    .await?;

    // b. The real single-query function: exact over the user's 100 rows.
    let user_queries = fresh(WARMUP + TIMED);
    let mut times = Vec::new();
    for (i, q) in user_queries.iter().enumerate() {
        let user = user_ids[pick.below(user_ids.len())];
        let q = Vector::from(q.clone());
        let t = Instant::now();
        let found = knn::user_neighbours(&db.pool, user, MODEL, &q).await?;
        if i >= WARMUP {
            times.push(t.elapsed());
        }
        ensure!(found.len() == knn::K as usize, "{} neighbours", found.len());
    }
    println!("user_neighbours done; load {}", loadavg());
    table.push((
        format!(
            "b. user_neighbours (exact, top-{}, {PER_USER} rows/user)",
            knn::K
        ),
        summary(&times),
        "1 (exact)".into(),
    ));
    explain(
        conn,
        "EXPLAIN (ANALYZE, BUFFERS) SELECT category_id, 1 - (embedding <=> $3) FROM user_examples
         WHERE user_id = $1 AND model = $2 ORDER BY embedding <=> $3 LIMIT 21",
        Some(user_ids[pick.below(user_ids.len())]),
        &user_queries[WARMUP],
    )
    .await?;

    // c. The pipeline's batched forms, built-ins through a view onto the 1M-row cache.
    builtin_examples_over_cache(conn).await?;
    let mut per_query = Vec::new();
    for b in 0..=BATCHES {
        let batch: Vec<Vector> = fresh(BATCH).into_iter().map(Vector::from).collect();
        let t = Instant::now();
        let found = knn::builtin_neighbours_many(conn, MODEL, &batch, TOP).await?;
        let took = t.elapsed();
        ensure!(found.iter().all(|f| f.len() == TOP as usize));
        if b > 0 {
            per_query.push(took / BATCH as u32);
        }
    }
    table.push((
        format!("c. builtin_neighbours_many, {BATCH}/batch, per query"),
        summary(&per_query),
        "as ef 40".into(),
    ));
    let mut per_query = Vec::new();
    for b in 0..=BATCHES * 4 {
        let batch: Vec<Vector> = fresh(BATCH).into_iter().map(Vector::from).collect();
        let user = user_ids[pick.below(user_ids.len())];
        let t = Instant::now();
        let found = knn::user_neighbours_many(conn, user, MODEL, &batch, TOP).await?;
        let took = t.elapsed();
        ensure!(found.iter().all(|f| f.len() == TOP as usize));
        if b > 0 {
            per_query.push(took / BATCH as u32);
        }
    }
    table.push((
        format!("c. user_neighbours_many, {BATCH}/batch, per query"),
        summary(&per_query),
        "1 (exact)".into(),
    ));
    println!("batches done; load {}", loadavg());

    println!(
        "\n| query | n | p50 ms | p95 ms | p99 ms | mean ms | recall@10 |\n|---|---|---|---|---|---|---|"
    );
    for (name, s, recall) in &table {
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {recall} |",
            s.n, s.p50, s.p95, s.p99, s.mean
        );
    }
    println!(
        "\n(c: n is batches; each figure is a batch's time / {BATCH}.) Total {:.0} s; load {}",
        secs(started.elapsed()),
        loadavg()
    );
    Ok(())
}

/// Streams the rows as binary COPY, and keeps them for the exact search.
async fn load_text_embeddings(
    conn: &mut PgConnection,
    space: &Space,
    leaves: &[String],
    rows: usize,
) -> Result<Vec<f32>> {
    let mut stored = Vec::with_capacity(rows * DIM);
    let mut copy = conn
        .copy_in_raw(
            "COPY text_embeddings (model, text_hash, text, embedding) FROM STDIN (FORMAT binary)",
        )
        .await?;
    let mut buf = Vec::with_capacity(8 << 20);
    buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    buf.extend_from_slice(&0i32.to_be_bytes()); // flags
    buf.extend_from_slice(&0i32.to_be_bytes()); // header extension length
    let mut rng = Rng(1);
    for n in 0..rows {
        let (cluster, v) = space.point(&mut rng);
        // The text names the cluster's category: the view for c. reads it back.
        let text = format!(
            "{} merchant {cluster} #{n}",
            leaves[(cluster % GROUPS) % leaves.len()]
        );
        buf.extend_from_slice(&4i16.to_be_bytes());
        field(&mut buf, MODEL.as_bytes());
        // int8send(n): user_examples are loaded by joining on it.
        field(&mut buf, &(n as i64).to_be_bytes());
        field(&mut buf, text.as_bytes());
        // pgvector's binary form: dimensions, an unused int16, then the floats.
        buf.extend_from_slice(&((4 + 4 * DIM) as i32).to_be_bytes());
        buf.extend_from_slice(&(DIM as i16).to_be_bytes());
        buf.extend_from_slice(&0i16.to_be_bytes());
        for x in &v {
            buf.extend_from_slice(&x.to_be_bytes());
        }
        stored.extend_from_slice(&v);
        if buf.len() > 8 << 20 {
            copy.send(buf.as_slice()).await?;
            buf.clear();
        }
    }
    buf.extend_from_slice(&(-1i16).to_be_bytes());
    copy.send(buf.as_slice()).await?;
    copy.finish().await?;
    Ok(stored)
}

fn field(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
    buf.extend_from_slice(bytes);
}

/// Users with their copied taxonomy; each corrects 100 distinct cached texts to the text's
/// category, as the learning trigger would store them. One round per correction number, so a
/// user's rows are spread over the table as corrections arriving over time would be.
async fn load_user_examples(
    conn: &mut PgConnection,
    users: usize,
    rows: usize,
) -> Result<Vec<Uuid>> {
    sqlx::query(
        "INSERT INTO users (email, password_hash)
         SELECT 'user' || i || '@bench.example', 'x' FROM generate_series(0, $1 - 1) i",
    )
    .bind(users as i64)
    .execute(&mut *conn)
    .await?;
    exec(
        conn,
        "CREATE TABLE bench_users AS
         SELECT split_part(email, '@', 1)::text AS name, id,
                substr(split_part(email, '@', 1), 5)::bigint AS k
         FROM users WHERE email LIKE '%@bench.example'",
    )
    .await?;
    for round in 0..PER_USER {
        // 10007 is prime, so (k * 7919 + round * 10007) mod rows differ across a user's rounds.
        sqlx::query(
            "INSERT INTO user_examples (user_id, model, text_hash, text, category_id, embedding)
             SELECT u.id, e.model, e.text_hash, e.text, c.id, e.embedding
             FROM bench_users u
             JOIN text_embeddings e
               ON e.model = $1 AND e.text_hash = int8send((u.k * 7919 + $2 * 10007) % $3)
             JOIN categories c ON c.user_id = u.id AND c.default_slug = split_part(e.text, ' ', 1)",
        )
        .bind(MODEL)
        .bind(round as i64)
        .bind(rows as i64)
        .execute(&mut *conn)
        .await?;
    }
    exec(conn, "VACUUM (ANALYZE) user_examples").await?;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM user_examples")
        .fetch_one(&mut *conn)
        .await?;
    ensure!(count as usize == users * PER_USER, "{count} user_examples");
    Ok(sqlx::query_scalar("SELECT id FROM bench_users ORDER BY k")
        .fetch_all(&mut *conn)
        .await?)
}

/// Single HNSW queries at one ef_search: times after warm-up, and the ids found (top 10) for
/// the recall set.
async fn hnsw_single(
    conn: &mut PgConnection,
    ef: u32,
    queries: &[Vec<f32>],
) -> Result<(Vec<Duration>, Vec<Vec<(i64, f64)>>)> {
    sqlx::query("SELECT set_config('hnsw.ef_search', $1, false)")
        .bind(ef.to_string())
        .execute(&mut *conn)
        .await?;
    let mut times = Vec::new();
    let mut found = Vec::new();
    for (i, q) in queries.iter().enumerate() {
        let q = Vector::from(q.clone());
        let t = Instant::now();
        // builtin_neighbours' query, over the shared cache and with the pipeline's top-k.
        let rows: Vec<(Vec<u8>, f64)> = sqlx::query_as(
            "SELECT text_hash, 1 - (embedding <=> $2) FROM text_embeddings
             WHERE model = $1 ORDER BY embedding <=> $2 LIMIT $3",
        )
        .bind(MODEL)
        .bind(&q)
        .bind(TOP)
        .fetch_all(&mut *conn)
        .await?;
        let took = t.elapsed();
        if i >= WARMUP {
            times.push(took);
            if found.len() < RECALL_QUERIES {
                found.push(rows.iter().take(10).map(|(h, s)| (id(h), *s)).collect());
            }
        }
    }
    Ok((times, found))
}

fn id(hash: &[u8]) -> i64 {
    i64::from_be_bytes(hash.try_into().expect("8-byte text_hash"))
}

/// Share of the exact top 10 found, and the mean similarity of the 10th neighbour found
/// against the exact one's (a miss among near-equals matters less than a far one).
fn recall_at_10(found: &[Vec<(i64, f64)>], exact: &[Vec<(f32, i64)>]) -> (f64, (f64, f64)) {
    let mut hits = 0;
    let (mut tenth_found, mut tenth_exact) = (0.0, 0.0);
    for (f, e) in found.iter().zip(exact) {
        hits += f
            .iter()
            .filter(|(id, _)| e.iter().any(|(_, x)| x == id))
            .count();
        tenth_found += f.last().map_or(0.0, |(_, s)| *s);
        tenth_exact += f64::from(e[9].0);
    }
    let n = found.len() as f64;
    (hits as f64 / (10.0 * n), (tenth_found / n, tenth_exact / n))
}

/// Brute force over the stored vectors: rows outer and queries inner, so the queries stay in
/// cache while the 1.5 GB stream by once.
fn exact_top(stored: &[f32], queries: &[Vec<f32>], k: usize) -> Vec<Vec<(f32, i64)>> {
    let mut best: Vec<Vec<(f32, i64)>> = vec![Vec::with_capacity(k + 1); queries.len()];
    for (n, row) in stored.chunks_exact(DIM).enumerate() {
        for (q, top) in queries.iter().zip(best.iter_mut()) {
            let s = dot(row, q);
            if top.len() < k || s > top[k - 1].0 {
                let at = top.partition_point(|(x, _)| *x >= s);
                top.insert(at, (s, n as i64));
                top.truncate(k);
            }
        }
    }
    best
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight running sums let the compiler use vector instructions.
    let mut acc = [0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum()
}

/// Postgres' own exact answer (no index) for a few queries, against the brute force.
async fn pg_exact_agrees(
    conn: &mut PgConnection,
    queries: &[Vec<f32>],
    exact: &[Vec<(f32, i64)>],
) -> Result<()> {
    exec(conn, "SET enable_indexscan = off").await?;
    let mut agree = 0;
    let t = Instant::now();
    let checked = 3.min(queries.len());
    for (q, e) in queries.iter().zip(exact).take(checked) {
        let ids: Vec<Vec<u8>> = sqlx::query_scalar(
            "SELECT text_hash FROM text_embeddings WHERE model = $1
             ORDER BY embedding <=> $2 LIMIT 10",
        )
        .bind(MODEL)
        .bind(Vector::from(q.clone()))
        .fetch_all(&mut *conn)
        .await?;
        let mut pg: Vec<i64> = ids.iter().map(|h| id(h)).collect();
        let mut bf: Vec<i64> = e.iter().map(|(_, n)| *n).collect();
        pg.sort_unstable();
        bf.sort_unstable();
        agree += usize::from(pg == bf);
    }
    exec(conn, "RESET enable_indexscan").await?;
    println!(
        "Postgres exact search (sequential scan) agrees with the brute force on {agree}/{checked} queries; {:.0} ms per query",
        t.elapsed().as_secs_f64() * 1000.0 / checked as f64
    );
    Ok(())
}

/// In this database only: the built-in examples become a view onto the 1M-row cache, so the
/// categorizer's own `builtin_neighbours_many` runs unchanged against 1M rows and the same
/// HNSW index (the view is inlined; the plan is printed to show it).
async fn builtin_examples_over_cache(conn: &mut PgConnection) -> Result<()> {
    exec(conn, "DROP TABLE builtin_examples").await?;
    exec(
        conn,
        "CREATE VIEW builtin_examples AS
         SELECT model, text, split_part(text, ' ', 1) AS category_slug, embedding
         FROM text_embeddings",
    )
    .await?;
    let plan: Vec<String> = sqlx::query_scalar(
        "EXPLAIN SELECT q.n, b.category_slug, 1 - b.distance
         FROM UNNEST($2::vector[]) WITH ORDINALITY AS q(v, n)
         CROSS JOIN LATERAL (
             SELECT category_slug, embedding <=> q.v AS distance FROM builtin_examples
             WHERE model = $1 ORDER BY embedding <=> q.v LIMIT $3
         ) b
         ORDER BY q.n, b.distance",
    )
    .bind(MODEL)
    .bind(vec![Vector::from(vec![0.05f32; DIM])])
    .bind(TOP)
    .fetch_all(&mut *conn)
    .await?;
    println!("plan of builtin_neighbours_many's query:");
    for line in &plan {
        println!("    {line}");
    }
    ensure!(
        plan.iter().any(|l| l.contains("text_embeddings_hnsw")),
        "the batched query does not use the HNSW index"
    );
    Ok(())
}

async fn explain(
    conn: &mut PgConnection,
    sql: &'static str,
    user: Option<Uuid>,
    q: &[f32],
) -> Result<()> {
    let query = match user {
        Some(u) => sqlx::query_scalar(sql).bind(u),
        None => sqlx::query_scalar(sql),
    };
    let plan: Vec<String> = query
        .bind(MODEL)
        .bind(Vector::from(q.to_vec()))
        .fetch_all(&mut *conn)
        .await?;
    for line in &plan {
        // The vector literal is 384 numbers long.
        let line = match line.find("'[") {
            Some(at) => format!("{}'[…]'", &line[..at]),
            None => line.clone(),
        };
        println!("    {line}");
    }
    Ok(())
}

async fn exec(conn: &mut PgConnection, sql: &'static str) -> Result<()> {
    sqlx::raw_sql(sql).execute(conn).await?;
    Ok(())
}

struct Summary {
    n: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    mean: f64,
}

fn summary(times: &[Duration]) -> Summary {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    Summary {
        n: ms.len(),
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        mean: ms.iter().sum::<f64>() / ms.len() as f64,
    }
}

/// The clustered space: unit centroids and, around each, sub-centroids.
struct Space {
    subs: Vec<f32>,
}

impl Space {
    fn new(seed: u64, flat: bool) -> Self {
        let mut rng = Rng(seed);
        let mut subs = Vec::with_capacity(CLUSTERS * SUBS * DIM);
        let groups: Vec<Vec<f32>> = (0..GROUPS)
            .map(|_| {
                let mut g = vec![0f32; DIM];
                rng.add_gaussian(&mut g, 1.0);
                normalize(&mut g);
                g
            })
            .collect();
        for c in 0..CLUSTERS {
            let mut centroid = vec![0f32; DIM];
            if flat {
                rng.add_gaussian(&mut centroid, 1.0);
            } else {
                // Cluster c belongs to group c % GROUPS (its category, see the texts).
                centroid.copy_from_slice(&groups[c % GROUPS]);
                rng.add_gaussian(&mut centroid, CENTROID_SPREAD);
            }
            normalize(&mut centroid);
            for _ in 0..SUBS {
                let mut sub = centroid.clone();
                rng.add_gaussian(&mut sub, SUB_SPREAD);
                subs.extend_from_slice(&sub);
            }
        }
        Self { subs }
    }

    /// A unit vector around a random sub-centroid, and its cluster.
    fn point(&self, rng: &mut Rng) -> (usize, Vec<f32>) {
        let sub = rng.below(CLUSTERS * SUBS);
        let mut v = self.subs[sub * DIM..(sub + 1) * DIM].to_vec();
        rng.add_gaussian(&mut v, POINT_SPREAD);
        normalize(&mut v);
        (sub / SUBS, v)
    }
}

fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter_mut().for_each(|x| *x /= norm);
}

/// SplitMix64: fast, seeded, and enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Adds `scale` times standard normal noise (Box-Muller, two values per draw).
    fn add_gaussian(&mut self, v: &mut [f32], scale: f32) {
        for pair in v.chunks_mut(2) {
            let r = (-2.0 * (1.0 - self.unit()).ln()).sqrt();
            let t = std::f64::consts::TAU * self.unit();
            pair[0] += scale * (r * t.cos()) as f32;
            if let Some(x) = pair.get_mut(1) {
                *x += scale * (r * t.sin()) as f32;
            }
        }
    }
}

fn mem_total_gib() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb >> 20)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}
