-- AlterTable
ALTER TABLE "wallet_position" ADD COLUMN     "state" TEXT;

