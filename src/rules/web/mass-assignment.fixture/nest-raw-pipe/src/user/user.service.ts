import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from './user.entity';
import { UpdateUserDto } from './user.dto';

class EmailAddress {
  constructor(readonly value: string) {}
}

@Injectable()
export class UserService {
  constructor(@InjectRepository(UserEntity) private readonly userRepository: Repository<UserEntity>) {}

  async update(id: number, dto: UpdateUserDto): Promise<UserEntity> {
    const toUpdate = await this.userRepository.findOneBy({ id });
    // A body `id` (or any column) overwrites the loaded row.
    // ruleid: mass-assignment
    const updated = Object.assign(toUpdate, dto);
    // ok: mass-assignment
    return this.userRepository.save(updated);
  }

  async rename(id: number, email: string) {
    // ok: mass-assignment
    const address = new EmailAddress(email);
    return this.userRepository.update(id, { email: address.value });
  }
}
