-- AlterTable
ALTER TABLE "wallet_position" DROP COLUMN "fold",
ADD COLUMN     "state" TEXT;

