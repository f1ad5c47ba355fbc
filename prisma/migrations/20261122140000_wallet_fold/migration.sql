-- AlterTable
ALTER TABLE "wallet_position" ADD COLUMN     "cost_usd" DOUBLE PRECISION,
ADD COLUMN     "fold" JSONB;

-- CreateTable
CREATE TABLE "wallet_fold" (
    "wallet" TEXT NOT NULL,
    "wm_slot" BIGINT NOT NULL,
    "wm_slot_rows" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "activity" JSONB NOT NULL,

    CONSTRAINT "wallet_fold_pkey" PRIMARY KEY ("wallet")
);

