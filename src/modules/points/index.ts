import { Module } from "@medusajs/framework/utils"
import PointsModuleService from "./service"

export const POINTS_MODULE = "points"

export default Module(POINTS_MODULE, {
  service: PointsModuleService,
})

export type { PostPointsInput, PointsEntry, PostPointsResult, PointsSource, PointsDirection } from "./service"
export type { PointsOptions, ResolvedPointsOptions } from "./options"
