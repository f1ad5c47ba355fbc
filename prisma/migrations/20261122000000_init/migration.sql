-- CreateTable
CREATE TABLE "chat" (
    "id" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT,
    "username" TEXT,
    "language" TEXT,
    "client_language" TEXT,
    "blocked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracked_wallet" (
    "chat_id" BIGINT NOT NULL,
    "address" TEXT NOT NULL,
    "label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracked_wallet_pkey" PRIMARY KEY ("chat_id","address")
);

-- CreateTable
CREATE TABLE "token" (
    "mint" TEXT NOT NULL,
    "symbol" TEXT,
    "name" TEXT,
    "decimals" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "token_pkey" PRIMARY KEY ("mint")
);

-- CreateTable
CREATE TABLE "swap" (
    "slot" BIGINT NOT NULL,
    "signature" TEXT NOT NULL,
    "ix_path" TEXT NOT NULL,
    "block_time" TIMESTAMPTZ(3),
    "dex" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "pool" TEXT,
    "trader" TEXT NOT NULL,
    "mint_in" TEXT NOT NULL,
    "amount_in" DECIMAL(20,0) NOT NULL,
    "decimals_in" SMALLINT NOT NULL,
    "mint_out" TEXT NOT NULL,
    "amount_out" DECIMAL(20,0) NOT NULL,
    "decimals_out" SMALLINT NOT NULL,
    "price_sol" DOUBLE PRECISION,
    "price_usd" DOUBLE PRECISION,
    "source" TEXT NOT NULL,
    "inserted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "swap_pkey" PRIMARY KEY ("slot","signature","ix_path")
) PARTITION BY RANGE ("slot");
-- Partitions (one per 216,000 slots, about one day) are created on demand by the swap store
-- and dropped by the retention job; see core/data/swap-partitions.ts.

-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "message_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_cursor" (
    "source" TEXT NOT NULL,
    "slot" BIGINT,
    "signature" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_cursor_pkey" PRIMARY KEY ("source")
);

-- CreateTable
CREATE TABLE "job_run" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "counts" JSONB,
    "error" TEXT,

    CONSTRAINT "job_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dead_letter" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retried_at" TIMESTAMPTZ(3),

    CONSTRAINT "dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tracked_wallet_address_idx" ON "tracked_wallet"("address");

-- CreateIndex
CREATE INDEX "swap_trader_slot_idx" ON "swap"("trader", "slot");

-- CreateIndex
CREATE INDEX "alert_status_created_at_idx" ON "alert"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_chat_id_kind_dedupe_key_key" ON "alert"("chat_id", "kind", "dedupe_key");

-- CreateIndex
CREATE INDEX "job_run_name_started_at_idx" ON "job_run"("name", "started_at");

-- CreateIndex
CREATE INDEX "dead_letter_source_created_at_idx" ON "dead_letter"("source", "created_at");

-- AddForeignKey
ALTER TABLE "tracked_wallet" ADD CONSTRAINT "tracked_wallet_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

