-- AlterTable
ALTER TABLE "swap" ADD COLUMN     "fees" JSONB;

