-- AlterTable
ALTER TABLE "swap" ADD COLUMN     "legs" JSONB;

