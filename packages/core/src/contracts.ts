import { z } from 'zod';
import { Id, paged } from './common/common';
import { route, type RouteContract } from './contract';
import {
  AuditQuery, AuditRecordView, AuditVerifyResult, ChangePasswordBody, CreateUserBody, CreatedUser, CurrentUser, Health,
  LoginBody, SettingsView, TotpConfirmBody, TotpEnrollment, UserQuery, UserView,
} from './platform/platform.schemas';
import { Dashboard, DashboardQuery } from './dashboard/dashboard.schemas';
import { Region, RegionChildrenQuery, RegionParams, RegionSearchQuery, RegionStats } from './regions/regions.schemas';
import {
  IndicatorDefinitionView, PublicStats, PublicStatsQuery, PyramidQuery, PyramidResult, QualityQuery, QualityResult, ReportParams, ReportQuery, ReportView,
  StatsQuery, StatsResult, TrendQuery, TrendResult,
} from './statistics/statistics.schemas';
import {
  BatchQuery, BatchSummary, CreatedPartner, CreatePartnerBody, DecisionBody, DecisionParams, DecisionResult, Discrepancies, DiscrepancyQuery, ErrorRate, ErrorRateQuery,
  FeedBatchBody, FeedBatchParams, PartnerView, RejectedQuery, RejectedRow, UploadQuery, WorklistItem, WorklistQuery,
} from './exchange/exchange.schemas';
import { ProjectionExportQuery, RegionProjectionRequest, RegionProjectionResult } from './projection/projection.schemas';
import { RecordEventBody, RecordEventResult } from './registry/events.schemas';
import {
  AddMemberBody, CreateHouseholdBody, CreatePersonBody, HouseholdDetail, PersonDetail, PersonSearchQuery, PersonSummary, RevealBody, RevealResult,
} from './registry/registry.schemas';

const IdParams = z.object({ id: Id });
const Ok = z.object({ ok: z.literal(true) });

export const authContracts = {
  login: route({ method: 'POST', url: '/api/v1/auth/login', summary: '登录 / sign in', tag: 'auth', access: 'public', body: LoginBody, response: CurrentUser }),
  logout: route({ method: 'POST', url: '/api/v1/auth/logout', summary: '退出 / sign out', tag: 'auth', access: 'session', response: Ok }),
  me: route({ method: 'GET', url: '/api/v1/auth/me', summary: '当前用户 / who am I', tag: 'auth', access: 'session', response: CurrentUser }),
  changePassword: route({ method: 'POST', url: '/api/v1/auth/password', summary: '修改密码 / change password', tag: 'auth', access: 'session', body: ChangePasswordBody, response: Ok }),
  totpEnroll: route({ method: 'POST', url: '/api/v1/auth/totp/enroll', summary: '绑定动态口令 / start TOTP enrolment', tag: 'auth', access: 'session', response: TotpEnrollment }),
  totpConfirm: route({ method: 'POST', url: '/api/v1/auth/totp/confirm', summary: '确认动态口令 / confirm TOTP', tag: 'auth', access: 'session', body: TotpConfirmBody, response: Ok }),
};

export const regionContracts = {
  stats: route({ method: 'GET', url: '/api/v1/regions/stats', summary: '各级区划数量 / count per level', tag: 'regions', access: 'region.read', response: RegionStats }),
  search: route({ method: 'GET', url: '/api/v1/regions/search', summary: '按名称或拼音搜索区划 / search by name or pinyin', tag: 'regions', access: 'region.read', querystring: RegionSearchQuery, response: z.object({ items: z.array(Region.extend({ path: z.string() })) }) }),
  get: route({ method: 'GET', url: '/api/v1/regions/:code', summary: '区划详情 / one region', tag: 'regions', access: 'region.read', params: RegionParams, response: Region }),
  children: route({ method: 'GET', url: '/api/v1/regions/:code/children', summary: '下级区划 / children', tag: 'regions', access: 'region.read', params: RegionParams, querystring: RegionChildrenQuery, response: paged(Region) }),
  ancestors: route({ method: 'GET', url: '/api/v1/regions/:code/ancestors', summary: '上级区划 / ancestors', tag: 'regions', access: 'region.read', params: RegionParams, response: z.object({ items: z.array(Region) }) }),
};

export const registryContracts = {
  createPerson: route({ method: 'POST', url: '/api/v1/persons', summary: '登记人员 / register a person', tag: 'registry', access: 'person.write', body: CreatePersonBody, response: PersonDetail, status: 201 }),
  searchPersons: route({ method: 'GET', url: '/api/v1/persons', summary: '查询人员 / search persons', tag: 'registry', access: 'person.read', querystring: PersonSearchQuery, response: paged(PersonSummary) }),
  getPerson: route({ method: 'GET', url: '/api/v1/persons/:id', summary: '人员详情与事件时间线 / person detail with timeline', tag: 'registry', access: 'person.read', params: IdParams, response: PersonDetail }),
  revealId: route({ method: 'POST', url: '/api/v1/persons/:id/reveal', summary: '查看完整身份证号 / reveal the ID number', tag: 'registry', access: 'person.reveal_id', params: IdParams, body: RevealBody, response: RevealResult }),
  createHousehold: route({ method: 'POST', url: '/api/v1/households', summary: '立户 / create a household', tag: 'registry', access: 'person.write', body: CreateHouseholdBody, response: HouseholdDetail, status: 201 }),
  getHousehold: route({ method: 'GET', url: '/api/v1/households/:id', summary: '户详情 / household detail', tag: 'registry', access: 'person.read', params: IdParams, response: HouseholdDetail }),
  addMember: route({ method: 'POST', url: '/api/v1/households/:id/members', summary: '添加户成员 / add a member', tag: 'registry', access: 'person.write', params: IdParams, body: AddMemberBody, response: HouseholdDetail }),
  recordEvent: route({ method: 'POST', url: '/api/v1/events', summary: '登记事件 / record a vital event', tag: 'registry', access: 'person.write', body: RecordEventBody, response: RecordEventResult, status: 201 }),
};

export const statsContracts = {
  query: route({ method: 'GET', url: '/api/v1/stats', summary: '统计指标 / indicators for a region and period', tag: 'stats', access: 'stats.read', querystring: StatsQuery, response: StatsResult }),
  indicators: route({ method: 'GET', url: '/api/v1/stats/indicators', summary: '指标定义 / indicator definitions', tag: 'stats', access: 'session', response: z.object({ items: z.array(IndicatorDefinitionView) }) }),
  trend: route({ method: 'GET', url: '/api/v1/stats/trend', summary: '趋势 / indicators over months, quarters or years', tag: 'stats', access: 'stats.read', querystring: TrendQuery, response: TrendResult }),
  pyramid: route({ method: 'GET', url: '/api/v1/stats/pyramid', summary: '人口金字塔 / population pyramid on a date', tag: 'stats', access: 'stats.read', querystring: PyramidQuery, response: PyramidResult }),
  quality: route({ method: 'GET', url: '/api/v1/stats/quality', summary: '数据质量检查 / data-quality checks', tag: 'stats', access: 'stats.read', querystring: QualityQuery, response: QualityResult }),
  report: route({ method: 'GET', url: '/api/v1/stats/reports/:report', summary: '月报、年报 / monthly and annual report (json, xlsx or csv)', tag: 'stats', access: 'stats.read', params: ReportParams, querystring: ReportQuery, response: ReportView }),
  publicStats: route({ method: 'GET', url: '/api/v1/public/stats', summary: '政务公开统计 / public aggregate statistics', tag: 'disclosure', access: 'public', querystring: PublicStatsQuery, response: PublicStats }),
};

const BatchParams = z.object({ id: Id });

export const exchangeContracts = {
  upload: route({ method: 'POST', url: '/api/v1/exchange/imports', summary: '上传交换文件（CSV/XLSX，请求体为文件字节） / upload a feed file (the body is the file)', tag: 'exchange', access: 'exchange.import', querystring: UploadQuery, response: BatchSummary, status: 201, bodyLimit: 50 * 1024 * 1024 }),
  batches: route({ method: 'GET', url: '/api/v1/exchange/imports', summary: '导入记录 / import history', tag: 'exchange', access: 'exchange.import', querystring: BatchQuery, response: paged(BatchSummary) }),
  batch: route({ method: 'GET', url: '/api/v1/exchange/imports/:id', summary: '一批导入 / one batch', tag: 'exchange', access: 'exchange.import', params: BatchParams, response: BatchSummary }),
  rejected: route({ method: 'GET', url: '/api/v1/exchange/imports/:id/rejected', summary: '被拒行（json 或 xlsx） / rejected rows (json or xlsx)', tag: 'exchange', access: 'exchange.import', params: BatchParams, querystring: RejectedQuery, response: z.object({ items: z.array(RejectedRow) }) }),
  worklist: route({ method: 'GET', url: '/api/v1/exchange/worklist', summary: '待人工核对 / records awaiting a clerk', tag: 'exchange', access: 'exchange.import', querystring: WorklistQuery, response: paged(WorklistItem) }),
  decide: route({ method: 'POST', url: '/api/v1/exchange/worklist/:batchId/:row/decision', summary: '核对决定 / decide a worklist record', tag: 'exchange', access: 'exchange.import', params: DecisionParams, body: DecisionBody, response: DecisionResult }),
  discrepancies: route({ method: 'GET', url: '/api/v1/exchange/discrepancies', summary: '比对差异 / discrepancies between the registry and the feeds', tag: 'exchange', access: 'stats.read', querystring: DiscrepancyQuery, response: Discrepancies }),
  errorRate: route({ method: 'GET', url: '/api/v1/exchange/error-rate', summary: '统计误差率 / statistical error rate', tag: 'exchange', access: 'stats.read', querystring: ErrorRateQuery, response: ErrorRate }),
  partners: route({ method: 'GET', url: '/api/v1/exchange/partners', summary: '交换伙伴 / partner systems', tag: 'exchange', access: 'user.manage', response: z.object({ items: z.array(PartnerView) }) }),
  createPartner: route({ method: 'POST', url: '/api/v1/exchange/partners', summary: '登记交换伙伴并签发密钥 / register a partner and issue its API key', tag: 'exchange', access: 'user.manage', body: CreatePartnerBody, response: CreatedPartner, status: 201 }),
  disablePartner: route({ method: 'POST', url: '/api/v1/exchange/partners/:id/disable', summary: '停用交换伙伴 / disable a partner', tag: 'exchange', access: 'user.manage', params: BatchParams, response: PartnerView }),
  feedBatch: route({ method: 'POST', url: '/api/v1/exchange/feeds/:kind/batches', summary: '伙伴系统报送一批记录（API 密钥） / a partner sends a batch (API key)', tag: 'exchange', access: 'partner', params: FeedBatchParams, body: FeedBatchBody, response: BatchSummary, bodyLimit: 16 * 1024 * 1024 }),
};

export const projectionContracts = {
  project: route({ method: 'POST', url: '/api/v1/projection', summary: '人口预测与情景对比（json 或 xlsx） / projection of a region with scenarios (json or xlsx)', tag: 'projection', access: 'stats.read', querystring: ProjectionExportQuery, body: RegionProjectionRequest, response: RegionProjectionResult }),
};

export const userContracts = {
  list: route({ method: 'GET', url: '/api/v1/users', summary: '用户列表 / users', tag: 'users', access: 'user.manage', querystring: UserQuery, response: paged(UserView) }),
  create: route({ method: 'POST', url: '/api/v1/users', summary: '创建用户 / create a user', tag: 'users', access: 'user.manage', body: CreateUserBody, response: CreatedUser, status: 201 }),
  disable: route({ method: 'POST', url: '/api/v1/users/:id/disable', summary: '停用 / disable', tag: 'users', access: 'user.manage', params: IdParams, response: UserView }),
  enable: route({ method: 'POST', url: '/api/v1/users/:id/enable', summary: '启用 / enable', tag: 'users', access: 'user.manage', params: IdParams, response: UserView }),
  unlock: route({ method: 'POST', url: '/api/v1/users/:id/unlock', summary: '解锁 / unlock', tag: 'users', access: 'user.manage', params: IdParams, response: UserView }),
  resetPassword: route({ method: 'POST', url: '/api/v1/users/:id/reset-password', summary: '重置密码 / reset password', tag: 'users', access: 'user.manage', params: IdParams, response: z.object({ initialPassword: z.string() }) }),
};

export const auditContracts = {
  search: route({ method: 'GET', url: '/api/v1/audit', summary: '审计日志查询 / search the audit log', tag: 'audit', access: 'audit.read', querystring: AuditQuery, response: paged(AuditRecordView) }),
  verify: route({ method: 'POST', url: '/api/v1/audit/verify', summary: '校验审计日志哈希链 / verify the hash chain', tag: 'audit', access: 'audit.read', response: AuditVerifyResult }),
};

export const systemContracts = {
  meta: route({ method: 'GET', url: '/api/v1/meta', summary: '系统信息（无需登录）/ public system facts', tag: 'system', access: 'public', response: z.object({ name: z.string(), version: z.string(), demo: z.boolean().describe('demo data: the UI shows a banner') }) }),
  health: route({ method: 'GET', url: '/api/v1/system/health', summary: '系统状态 / health', tag: 'system', access: 'system.read', response: Health }),
  settings: route({ method: 'GET', url: '/api/v1/system/settings', summary: '安全设置 / settings', tag: 'system', access: 'system.read', response: SettingsView }),
};

export const dashboardContracts = {
  summary: route({ method: 'GET', url: '/api/v1/dashboard', summary: '首页概览 / home dashboard', tag: 'dashboard', access: 'person.read', querystring: DashboardQuery, response: Dashboard }),
};

/** Every route, once (a list: groups reuse names such as `search`). */
export const ALL_CONTRACTS: readonly RouteContract[] = [authContracts, regionContracts, registryContracts, dashboardContracts, statsContracts, exchangeContracts, projectionContracts, userContracts, auditContracts, systemContracts].flatMap(
  (group) => Object.values(group) as RouteContract[],
);
