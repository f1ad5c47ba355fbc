-- CreateTable
CREATE TABLE "wallet_position" (
    "wallet" TEXT NOT NULL,
    "mint" TEXT NOT NULL,
    "decimals" SMALLINT NOT NULL,
    "held" DECIMAL(40,0) NOT NULL,
    "costed_held" DECIMAL(40,0) NOT NULL,
    "cost_sol" DOUBLE PRECISION NOT NULL,
    "realized_sol" DOUBLE PRECISION NOT NULL,
    "realized_usd" DOUBLE PRECISION,
    "unattributed_sol" DOUBLE PRECISION NOT NULL,
    "bought_sol" DOUBLE PRECISION NOT NULL,
    "sold_sol" DOUBLE PRECISION NOT NULL,
    "buys" INTEGER NOT NULL,
    "sells" INTEGER NOT NULL,
    "first_buy_slot" BIGINT,
    "first_buy_time" TIMESTAMPTZ(3),
    "last_slot" BIGINT NOT NULL,
    "last_time" TIMESTAMPTZ(3),
    "open_since" TIMESTAMPTZ(3),
    "held_seconds_closed" DOUBLE PRECISION NOT NULL,
    "rounds_closed" INTEGER NOT NULL,
    "closed" BOOLEAN NOT NULL,

    CONSTRAINT "wallet_position_pkey" PRIMARY KEY ("wallet","mint")
);

-- CreateTable
CREATE TABLE "wallet_score" (
    "wallet" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "tier" TEXT,
    "labels" JSONB NOT NULL,
    "cluster_id" TEXT,
    "parts" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "swaps" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "wallet_score_pkey" PRIMARY KEY ("wallet")
);

-- CreateTable
CREATE TABLE "scoring_setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scoring_setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "token_seen" (
    "mint" TEXT NOT NULL,
    "first_slot" BIGINT NOT NULL,
    "first_time" TIMESTAMPTZ(3),
    "last_slot" BIGINT NOT NULL,
    "last_price_sol" DOUBLE PRECISION,
    "last_price_usd" DOUBLE PRECISION,

    CONSTRAINT "token_seen_pkey" PRIMARY KEY ("mint")
);

-- CreateTable
CREATE TABLE "wallet_funder" (
    "wallet" TEXT NOT NULL,
    "funder" TEXT NOT NULL,
    "slot" BIGINT,
    "signature" TEXT,
    "source" TEXT NOT NULL,

    CONSTRAINT "wallet_funder_pkey" PRIMARY KEY ("wallet")
);

-- CreateTable
CREATE TABLE "token_insider" (
    "mint" TEXT NOT NULL,
    "wallet" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "slot" BIGINT,
    "source" TEXT NOT NULL,

    CONSTRAINT "token_insider_pkey" PRIMARY KEY ("mint","wallet")
);

-- CreateTable
CREATE TABLE "wallet_library" (
    "address" TEXT NOT NULL,
    "label" TEXT,
    "source" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "backfilled_at" TIMESTAMPTZ(3),

    CONSTRAINT "wallet_library_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE INDEX "wallet_position_mint_idx" ON "wallet_position"("mint");

-- CreateIndex
CREATE INDEX "wallet_score_tier_score_idx" ON "wallet_score"("tier", "score");

-- CreateIndex
CREATE INDEX "wallet_funder_funder_idx" ON "wallet_funder"("funder");

-- CreateIndex
CREATE INDEX "token_insider_wallet_idx" ON "token_insider"("wallet");

-- CreateIndex
CREATE INDEX "wallet_library_backfilled_at_idx" ON "wallet_library"("backfilled_at");

