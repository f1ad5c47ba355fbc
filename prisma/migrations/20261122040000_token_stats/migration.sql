-- AlterTable
ALTER TABLE "swap" ADD COLUMN     "batch_job" TEXT;

-- CreateTable
CREATE TABLE "token_stats_backup" (
    "mint" TEXT NOT NULL,
    "windows" BYTEA NOT NULL,
    "last_trade_at" TIMESTAMPTZ(3),
    "saved_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "token_stats_backup_pkey" PRIMARY KEY ("mint")
);

-- CreateIndex
CREATE INDEX "token_stats_backup_last_trade_at_idx" ON "token_stats_backup"("last_trade_at");

