import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { UsersService } from './users.service';

@Injectable()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @RpcHandler('records.user.list')
  list(): Promise<RpcResponse<'records.user.list'>> {
    return this.users.list();
  }

  @RpcHandler('records.user.get')
  get({ id }: RpcRequest<'records.user.get'>): Promise<RpcResponse<'records.user.get'>> {
    return this.users.get(id);
  }

  @RpcHandler('records.user.get-principal')
  getPrincipal({ id }: RpcRequest<'records.user.get-principal'>): Promise<RpcResponse<'records.user.get-principal'>> {
    return this.users.getPrincipal(id);
  }

  @RpcHandler('records.user.create')
  create(request: RpcRequest<'records.user.create'>): Promise<RpcResponse<'records.user.create'>> {
    return this.users.create(request);
  }

  @RpcHandler('records.user.update')
  update(request: RpcRequest<'records.user.update'>): Promise<RpcResponse<'records.user.update'>> {
    return this.users.update(request);
  }

  @RpcHandler('records.user.delete')
  delete({ id }: RpcRequest<'records.user.delete'>): Promise<RpcResponse<'records.user.delete'>> {
    return this.users.delete(id);
  }

  @RpcHandler('records.user.authenticate')
  authenticate({ username, password }: RpcRequest<'records.user.authenticate'>): Promise<RpcResponse<'records.user.authenticate'>> {
    return this.users.authenticate(username, password);
  }
}
